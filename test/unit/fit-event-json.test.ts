import { test } from 'node:test';
import assert from 'node:assert/strict';
import { encodeEventJsonWithin } from '../../src/notifiers/fit-event-json.js';
import { encodeFluxEventJson } from '../../src/notifiers/flux-event-json.js';
import { TRUNCATION_MARKER } from '../../src/notifiers/truncate-text.js';
import { sampleEvent } from '../support/sample-event.js';

test('an event that fits is encoded as Flux encodes it', () => {
  const event = sampleEvent({ message: 'fits <easily>' });
  assert.deepEqual(encodeEventJsonWithin(event, 10_000), encodeFluxEventJson(event));
});

test('the message is cut, marked, to the longest that fits, escaping counted', () => {
  for (const unit of ['a', '<', '"', 'é', '😀']) {
    const event = sampleEvent({ message: unit.repeat(2_000) });
    const limit = 1_000;
    const encoded = encodeEventJsonWithin(event, limit);
    assert.ok(encoded.length <= limit, `${unit}: ${encoded.length}`);
    // One more unit of text would not fit: the cut is the longest.
    assert.ok(encoded.length > limit - Buffer.byteLength(JSON.stringify(unit), 'utf8') - 6, unit);
    const { message } = JSON.parse(encoded.toString('utf8')) as { message: string };
    assert.ok(message.endsWith(TRUNCATION_MARKER), unit);
    assert.ok(message.startsWith(unit.repeat(10)), unit);
  }
});

test('an event too large even without its message is sent with none', () => {
  const event = sampleEvent({ message: 'gone', reason: 'r'.repeat(500) });
  const { message } = JSON.parse(encodeEventJsonWithin(event, 300).toString('utf8')) as {
    message: string;
  };
  assert.equal(message, '');
});
