import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  backoffDelayMs,
  FLUX_RETRY_POLICY,
  judgeAttempt,
  LOKI_RETRY_POLICY,
  MAX_RETRY_AFTER_MS,
  retryDelayMs,
} from '../../src/http/retry-policy.js';
import { parseRetryAfterMs } from '../../src/http/retry-after.js';

const status = (code: number) => ({ kind: 'response', status: code }) as const;
const network = (code: string) => ({ kind: 'network-error', code }) as const;

test('Flux policy: 2xx delivered; 429 and 5xx retried but 501; other 4xx and 3xx final', () => {
  const cases: [number, string][] = [
    [200, 'delivered'],
    [202, 'delivered'],
    [204, 'delivered'],
    [301, 'final'],
    [400, 'final'],
    [401, 'final'],
    [404, 'final'],
    [413, 'final'],
    [429, 'retry'],
    [500, 'retry'],
    [501, 'final'],
    [502, 'retry'],
    [503, 'retry'],
    [504, 'retry'],
  ];
  for (const [code, verdict] of cases) {
    assert.equal(judgeAttempt(FLUX_RETRY_POLICY, status(code)), verdict, `status ${code}`);
  }
});

test('Loki policy retries every 5xx and 429; 400 is final', () => {
  assert.equal(judgeAttempt(LOKI_RETRY_POLICY, status(400)), 'final');
  assert.equal(judgeAttempt(LOKI_RETRY_POLICY, status(429)), 'retry');
  assert.equal(judgeAttempt(LOKI_RETRY_POLICY, status(501)), 'retry');
  assert.equal(judgeAttempt(LOKI_RETRY_POLICY, status(503)), 'retry');
});

test('connection errors are retried, untrusted certificates are not', () => {
  for (const code of ['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'ENOTFOUND', 'EPIPE']) {
    assert.equal(judgeAttempt(FLUX_RETRY_POLICY, network(code)), 'retry', code);
  }
  for (const code of [
    'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
    'DEPTH_ZERO_SELF_SIGNED_CERT',
    'ERR_TLS_CERT_ALTNAME_INVALID',
  ]) {
    assert.equal(judgeAttempt(FLUX_RETRY_POLICY, network(code)), 'final', code);
  }
});

test('Flux backoff doubles from 2 s and stops at 30 s', () => {
  const delays = [1, 2, 3, 4, 5, 6].map((retry) => backoffDelayMs(FLUX_RETRY_POLICY, retry));
  assert.deepEqual(delays, [2_000, 4_000, 8_000, 16_000, 30_000, 30_000]);
  assert.equal(FLUX_RETRY_POLICY.maxRetries, 4);
});

test('Loki backoff doubles from 0.5 s and stops at 5 min', () => {
  assert.equal(backoffDelayMs(LOKI_RETRY_POLICY, 1), 500);
  assert.equal(backoffDelayMs(LOKI_RETRY_POLICY, 4), 4_000);
  assert.equal(backoffDelayMs(LOKI_RETRY_POLICY, 10), 256_000);
  assert.equal(backoffDelayMs(LOKI_RETRY_POLICY, 11), 300_000);
});

test('Retry-After replaces the backoff, capped at 5 minutes', () => {
  assert.equal(retryDelayMs(FLUX_RETRY_POLICY, 1, 7_000), 7_000);
  assert.equal(retryDelayMs(FLUX_RETRY_POLICY, 3, 0), 0);
  assert.equal(retryDelayMs(FLUX_RETRY_POLICY, 1, 3_600_000), MAX_RETRY_AFTER_MS);
  assert.equal(retryDelayMs(FLUX_RETRY_POLICY, 2, undefined), 4_000);
});

test('parseRetryAfterMs reads delay-seconds and HTTP dates', () => {
  const now = Date.parse('2024-05-01T12:00:00Z');
  assert.equal(parseRetryAfterMs('120', now), 120_000);
  assert.equal(parseRetryAfterMs(' 0 ', now), 0);
  assert.equal(parseRetryAfterMs('Wed, 01 May 2024 12:00:30 GMT', now), 30_000);
  assert.equal(parseRetryAfterMs('Wed, 01 May 2024 11:00:00 GMT', now), 0);
  assert.equal(parseRetryAfterMs('-5', now), undefined);
  assert.equal(parseRetryAfterMs('soon', now), undefined);
  assert.equal(parseRetryAfterMs('', now), undefined);
  assert.equal(parseRetryAfterMs(undefined, now), undefined);
});
