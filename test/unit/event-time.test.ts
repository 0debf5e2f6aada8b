import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  formatRfc3339Seconds,
  isGoZeroTime,
  parseEventTime,
  readEventTime,
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
    formatRfc3339Seconds(parseEventTime('0099-06-15T08:09:10Z')),
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

/** The same instant as `2022-10-28T07:26:19Z`, written the ways Go's RFC 3339 parsing allows. */
const GO_ACCEPTS = [
  '2022-10-28T07:26:19Z',
  '2022-10-28T7:26:19Z',
  '2022-10-28T09:26:19+02:00',
  '2022-10-28T04:56:19-02:30',
  '2022-10-29T07:26:19+24:00',
  '2022-10-27T07:26:19-23:60',
  '2022-10-28T07:26:19.000Z',
  '2022-10-28T07:26:19,000Z',
];

test("reads every form Go's time.Parse(time.RFC3339) reads, as the same instant", () => {
  const expected = Date.parse('2022-10-28T07:26:19Z') / 1000;
  for (const text of GO_ACCEPTS) {
    assert.deepEqual(readEventTime(text), { epochSeconds: expected, nanos: 0 }, text);
  }
  assert.equal(parseEventTime('2022-10-28T07:26:19,25Z').nanos, 250_000_000);
  assert.equal(parseEventTime('2022-10-28T07:26:19.1234567899Z').nanos, 123_456_789);
  for (const text of [
    '0000-01-01T00:00:00Z',
    '9999-12-31T23:59:59.999999999Z',
    '0000-02-29T00:00:00Z',
    '2000-02-29T00:00:00Z',
    '2022-10-28T23:59:59Z',
  ]) {
    assert.notEqual(readEventTime(text), undefined, text);
  }
});

test('refuses what Go refuses, and parseEventTime says so with a stable code', () => {
  for (const text of [
    '2022-10-28 07:26:19Z',
    '2022-10-28T07:26:19+0200',
    '2022-10-28T07:26:19+02',
    '2022-10-28T07:26:19+2:00',
    '2022-10-28T07:26:19 +02:00',
    '2022-10-28t07:26:19Z',
    '2022-10-28T07:26:19z',
    '2022-10-28T07:26:19',
    '2022-10-28T07:26:60Z',
    '2022-10-28T24:00:00Z',
    '2022-10-28T007:26:19Z',
    '2022-10-28T07:6:19Z',
    '2022-10-28T07:26:9Z',
    '2022-10-28T07:26:19+25:00',
    '2022-10-28T07:26:19+02:61',
    '2022-10-28T07:26:19.Z',
    '2022-10-28T07:26:19.5',
    '2022-10-28T07:26:19Z ',
    ' 2022-10-28T07:26:19Z',
    '2022-10-28T07:26:19+02:00Z',
    '2022-1-28T07:26:19Z',
    '2022-10-8T07:26:19Z',
    '22-10-28T07:26:19Z',
    '12022-10-28T07:26:19Z',
    '+2022-10-28T07:26:19Z',
    '2022-13-01T00:00:00Z',
    '2022-00-10T00:00:00Z',
    '2022-10-00T00:00:00Z',
    '2022-04-31T00:00:00Z',
    '2023-02-29T00:00:00Z',
    '1900-02-29T00:00:00Z',
    '2024-05-01',
    '',
    'yesterday',
  ]) {
    assert.equal(readEventTime(text), undefined, text);
    assert.throws(() => parseEventTime(text), { code: 'HERALD_EVENT_INVALID_TIMESTAMP' }, text);
  }
});

test('writes years an offset carries past 9999 or before 0000 as Go does', () => {
  assert.equal(
    formatRfc3339Seconds(parseEventTime('9999-12-31T23:00:00-02:00')),
    '10000-01-01T01:00:00Z',
  );
  assert.equal(
    formatRfc3339Seconds(parseEventTime('0000-01-01T00:30:00+01:00')),
    '-0001-12-31T23:30:00Z',
  );
});
