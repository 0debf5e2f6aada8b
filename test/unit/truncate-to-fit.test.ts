import { test } from 'node:test';
import assert from 'node:assert/strict';
import { goJsonString } from '../../src/notifiers/go-json-string.js';
import { TRUNCATION_MARKER } from '../../src/notifiers/truncate-text.js';
import { truncateToFit } from '../../src/notifiers/truncate-to-fit.js';

/** A payload around the text, measured once Go has escaped it. */
const payloadBytes = (text: string) => Buffer.byteLength(`{"text":${goJsonString(text)}}`);

test('a text whose payload fits is left whole', () => {
  assert.equal(truncateToFit('hello', { max: 100, unit: 'bytes' }, payloadBytes), 'hello');
});

test('the cut counts the escaped payload, and is the longest that fits', () => {
  const text = '<>&'.repeat(1_000);
  const max = 2_000;
  const cut = truncateToFit(text, { max, unit: 'bytes' }, payloadBytes);
  assert.ok(cut.endsWith(TRUNCATION_MARKER));
  assert.ok(payloadBytes(cut) <= max);
  // One more character of the text would not fit.
  const kept = cut.slice(0, -TRUNCATION_MARKER.length);
  const longer = text.slice(0, kept.length + 1) + TRUNCATION_MARKER;
  assert.ok(payloadBytes(longer) > max, `${payloadBytes(longer)}`);
});

test('characters are counted as characters', () => {
  const cut = truncateToFit('ü'.repeat(100), { max: 60, unit: 'characters' }, (t) => t.length + 10);
  assert.equal(cut.length, 50);
  assert.ok(cut.endsWith(TRUNCATION_MARKER));
});

test('when nothing built around the text fits, the text is emptied', () => {
  assert.equal(truncateToFit('hello', { max: 5, unit: 'bytes' }, payloadBytes), '');
});
