import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TRUNCATION_MARKER, truncateText } from '../../src/notifiers/truncate-text.js';

test('a message that fits is sent as is', () => {
  assert.equal(truncateText('hello', { max: 5, unit: 'characters' }), 'hello');
  assert.equal(truncateText('héllo', { max: 6, unit: 'bytes' }), 'héllo');
});

test('a longer message is cut to the limit, marker included', () => {
  const cut = truncateText('x'.repeat(5_000), { max: 4_096, unit: 'characters' });
  assert.equal(cut.length, 4_096);
  assert.ok(cut.endsWith(TRUNCATION_MARKER));
  assert.equal(cut, 'x'.repeat(4_096 - TRUNCATION_MARKER.length) + TRUNCATION_MARKER);
});

test('bytes are counted in UTF-8 and a multi-byte character is never split', () => {
  const max = Buffer.byteLength(TRUNCATION_MARKER) + 5;
  const cut = truncateText('é'.repeat(20), { max, unit: 'bytes' });
  // Two é are 4 bytes; a third would make 6.
  assert.equal(cut, `éé${TRUNCATION_MARKER}`);
  assert.ok(Buffer.byteLength(cut) <= max);
});

test('a surrogate pair is kept whole', () => {
  const max = TRUNCATION_MARKER.length + 3;
  const cut = truncateText(`a${'😀'.repeat(20)}`, { max, unit: 'characters' });
  assert.equal(cut, `a😀${TRUNCATION_MARKER}`);
});

test('a limit smaller than the marker still holds', () => {
  assert.equal(truncateText('abcdefgh', { max: 3, unit: 'characters' }).length, 3);
});
