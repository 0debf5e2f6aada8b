import { test } from 'node:test';
import assert from 'node:assert/strict';
import { V1MicroTime } from '@kubernetes/client-node';
import { effectiveTime, toMicroTime } from '../../src/sources/kube-event-time.js';
import { podBackOffEvent, withFields, withMetadata } from '../fixtures/kube-events.js';

const times: {
  name: string;
  value: Date | string | null | undefined;
  expected: string | undefined;
}[] = [
  {
    name: 'whole seconds (Time on the wire)',
    value: '2024-05-01T10:00:05Z',
    expected: '2024-05-01T10:00:05.000000Z',
  },
  {
    name: 'microseconds (MicroTime on the wire)',
    value: '2024-05-01T10:00:05.654321Z',
    expected: '2024-05-01T10:00:05.654321Z',
  },
  {
    name: 'nanoseconds, cut to microseconds',
    value: '2024-05-01T10:00:05.987654321Z',
    expected: '2024-05-01T10:00:05.987654Z',
  },
  {
    name: 'a short fraction',
    value: '2024-05-01T10:00:05.5Z',
    expected: '2024-05-01T10:00:05.500000Z',
  },
  {
    name: 'an offset, turned to UTC',
    value: '2024-05-01T12:00:05.000001+02:00',
    expected: '2024-05-01T10:00:05.000001Z',
  },
  {
    name: 'lowercase t and z',
    value: '2024-05-01t10:00:05z',
    expected: '2024-05-01T10:00:05.000000Z',
  },
  {
    name: 'a Date (list response), to the millisecond',
    value: new Date('2024-05-01T10:00:05.123Z'),
    expected: '2024-05-01T10:00:05.123000Z',
  },
  {
    name: 'a V1MicroTime',
    value: new V1MicroTime('2024-05-01T10:00:05.123Z'),
    expected: '2024-05-01T10:00:05.123000Z',
  },
  {
    name: 'a Date before 1970',
    value: new Date('1969-12-31T23:59:59.250Z'),
    expected: '1969-12-31T23:59:59.250000Z',
  },
  { name: 'null (a zero time from Go)', value: null, expected: undefined },
  { name: 'absent', value: undefined, expected: undefined },
  { name: "Go's zero time written out", value: '0001-01-01T00:00:00Z', expected: undefined },
  { name: 'not RFC 3339', value: '2024-05-01 10:00:05', expected: undefined },
  { name: 'out of range', value: '2024-13-01T10:00:05Z', expected: undefined },
  { name: 'an invalid Date', value: new Date('nope'), expected: undefined },
];

for (const { name, value, expected } of times) {
  test(`toMicroTime: ${name}`, () => {
    assert.equal(toMicroTime(value), expected);
  });
}

test('MicroTimes in text order are in time order, across the second', () => {
  const ordered = [
    '2024-05-01T10:00:04.999999Z',
    '2024-05-01T10:00:05Z',
    '2024-05-01T10:00:05.000001Z',
    '2024-05-01T10:00:05.1Z',
  ].map((text) => toMicroTime(text));
  assert.deepEqual([...ordered].sort(), ordered);
});

const precedence: { name: string; fields: Record<string, unknown>; expected: string }[] = [
  {
    name: 'series.lastObservedTime first',
    fields: { lastTimestamp: '2024-05-01T10:09:00Z' },
    expected: '2024-05-01T10:05:31.774412Z',
  },
  {
    name: 'then lastTimestamp',
    fields: { series: undefined, lastTimestamp: '2024-05-01T10:09:00Z' },
    expected: '2024-05-01T10:09:00.000000Z',
  },
  {
    name: 'then eventTime',
    fields: { series: undefined },
    expected: '2024-05-01T10:00:00.118204Z',
  },
  {
    name: 'then creationTimestamp',
    fields: { series: undefined, eventTime: null },
    expected: '2024-05-01T10:00:00.000000Z',
  },
  {
    name: 'skipping a series without its time',
    fields: { series: { count: 3 } },
    expected: '2024-05-01T10:00:00.118204Z',
  },
];

for (const { name, fields, expected } of precedence) {
  test(`effectiveTime: ${name}`, () => {
    assert.equal(effectiveTime(withFields(podBackOffEvent(), fields)), expected);
  });
}

test('effectiveTime: none when no time can be read', () => {
  const event = withMetadata(
    withFields(podBackOffEvent(), { series: undefined, eventTime: 'soon' }),
    {
      creationTimestamp: undefined,
    },
  );
  assert.equal(effectiveTime(event), undefined);
});
