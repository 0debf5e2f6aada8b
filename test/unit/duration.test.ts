import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatDuration, parseDuration } from '../../src/config/duration.js';

test('parses Go durations into milliseconds', () => {
  const cases: [string, number][] = [
    ['0', 0],
    ['0s', 0],
    ['300ms', 300],
    ['30s', 30_000],
    ['5m', 300_000],
    ['1h30m', 5_400_000],
    ['1.5h', 5_400_000],
    ['2h45m10.5s', 9_910_500],
    ['1500us', 1.5],
    ['+10s', 10_000],
  ];
  for (const [text, ms] of cases) assert.equal(parseDuration(text), ms, text);
});

test('refuses what Go refuses, and negatives', () => {
  for (const text of ['', '5', 'm', '5 m', '1d', 'abc', '-5m', '5m-', '.s']) {
    assert.throws(() => parseDuration(text), Error, text);
  }
});

test('formats like Go', () => {
  assert.equal(formatDuration(300_000), '5m0s');
  assert.equal(formatDuration(5_400_000), '1h30m0s');
  assert.equal(formatDuration(300), '300ms');
  assert.equal(formatDuration(1_500), '1.5s');
});
