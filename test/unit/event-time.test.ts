import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  formatRfc3339Seconds,
  isGoZeroTime,
  parseEventTime,
  unixNanosString,
} from '../../src/notifiers/event-time.js';

test('keeps every nanosecond of the fraction, exactly', () => {
  const time = parseEventTime('2024-05-01T12:00:00.123456789Z');
  assert.deepEqual(time, {
    epochSeconds: Date.parse('2024-05-01T12:00:00Z') / 1000,
    nanos: 123_456_789,
  });
  assert.equal(unixNanosString(time), '1714564800123456789');
  assert.equal(unixNanosString(parseEventTime('2024-05-01T12:00:00.5Z')), '1714564800500000000');
  assert.equal(
    unixNanosString(parseEventTime('2024-05-01T12:00:00.1234567891234Z')),
    '1714564800123456789',
  );
  assert.equal(unixNanosString(parseEventTime('1970-01-01T00:00:00Z')), '0');
  assert.equal(unixNanosString(parseEventTime('1969-12-31T23:59:59.5Z')), '-500000000');
});

test('applies the offset and formats UTC whole seconds, truncating the fraction', () => {
  assert.equal(
    formatRfc3339Seconds(parseEventTime('2024-03-01T00:59:59.999+01:30')),
    '2024-02-29T23:29:59Z',
  );
  assert.equal(
    formatRfc3339Seconds(parseEventTime('1999-12-31T19:00:00-05:00')),
    '2000-01-01T00:00:00Z',
  );
  assert.equal(
    formatRfc3339Seconds(parseEventTime('0099-06-15t08:09:10z')),
    '0099-06-15T08:09:10Z',
  );
  assert.equal(
    formatRfc3339Seconds(parseEventTime('1960-07-04T12:00:00.9Z')),
    '1960-07-04T12:00:00Z',
  );
});

test('agrees with Date for a spread of instants', () => {
  for (
    let ms = Date.parse('1901-01-01T00:00:00Z');
    ms < Date.parse('2100-01-01T00:00:00Z');
    ms += 7_777_777_777
  ) {
    const iso = new Date(ms).toISOString().replace(/\.\d+Z$/, 'Z');
    assert.equal(formatRfc3339Seconds(parseEventTime(iso)), iso);
    assert.equal(parseEventTime(iso).epochSeconds, Math.floor(ms / 1000));
  }
});

test('recognises Go zero time', () => {
  assert.equal(isGoZeroTime(parseEventTime('0001-01-01T00:00:00Z')), true);
  assert.equal(isGoZeroTime(parseEventTime('0001-01-01T00:00:00.000000001Z')), false);
});

test('rejects what is not RFC 3339, with a stable code', () => {
  for (const text of [
    '2024-05-01',
    '2024-05-01 12:00:00Z',
    '2024-02-30T00:00:00Z',
    '2023-02-29T00:00:00Z',
    '2024-05-01T24:00:00Z',
    '2024-05-01T12:00:00+24:00',
    'yesterday',
  ]) {
    assert.throws(() => parseEventTime(text), { code: 'HERALD_EVENT_INVALID_TIMESTAMP' }, text);
  }
});
