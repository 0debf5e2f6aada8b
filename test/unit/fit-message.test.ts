import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fitMessage } from '../../src/notifiers/fit-message.js';
import { TRUNCATION_MARKER } from '../../src/notifiers/truncate-text.js';

const json = (message: string) => Buffer.byteLength(JSON.stringify({ heading: 'h', message }));

test('a message that fits is kept whole', () => {
  assert.equal(fitMessage('short', { max: 100, unit: 'bytes' }, json), 'short');
});

test('the whole, not the message alone, is fitted, even when escaping grows it', () => {
  const message = '"'.repeat(1_000); // two bytes each once JSON-escaped
  const cut = fitMessage(message, { max: 500, unit: 'bytes' }, json);
  assert.ok(cut.endsWith(TRUNCATION_MARKER));
  assert.ok(json(cut) <= 500, String(json(cut)));
  assert.ok(json(cut) > 450, String(json(cut)));
});

test('when the rest alone overflows, nothing of the message is left', () => {
  assert.equal(
    fitMessage('abc', { max: 5, unit: 'characters' }, (m) => 10 + m.length),
    '',
  );
});
