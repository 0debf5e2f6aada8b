import assert from 'node:assert/strict';
import type { FluxEvent } from '../../src/api/event.js';
import { DeliveryError, type DeliveryErrorCode } from '../../src/http/delivery-error.js';
import type { Notifier } from '../../src/notifiers/notifier.js';
import type { CapturedRequest, CaptureServer } from './capture-server.js';

/** Posts `event` through `notifier` and returns the request the stand-in `server` got for it. */
export async function deliverOne(
  notifier: Notifier,
  server: CaptureServer,
  event: FluxEvent,
): Promise<CapturedRequest> {
  const before = server.requests.length;
  await notifier.post(event);
  const request = server.requests[before];
  assert.ok(request, 'the stand-in received no request');
  return request;
}

/**
 * Asserts that a delivery failed as `expected` says, and that its message names none of
 * `secrets` (receivers echo tokens and webhook paths in their error answers).
 */
export async function assertDeliveryFails(
  delivery: Promise<void>,
  expected: { code: DeliveryErrorCode; status?: number; attempts?: number },
  secrets: readonly string[],
): Promise<DeliveryError> {
  let failure: DeliveryError | undefined;
  await assert.rejects(delivery, (error: unknown) => {
    assert.ok(error instanceof DeliveryError);
    failure = error;
    return true;
  });
  assert.ok(failure);
  assert.equal(failure.code, expected.code);
  if (expected.status !== undefined) assert.equal(failure.status, expected.status);
  if (expected.attempts !== undefined) assert.equal(failure.attempts, expected.attempts);
  for (const secret of secrets) assert.ok(!failure.message.includes(secret), failure.message);
  return failure;
}

/** Asserts that `request` was a JSON POST to `path` (path and query, as sent). */
export function assertJsonPost(request: CapturedRequest, path: string): void {
  assert.equal(request.method, 'POST');
  assert.equal(request.path, path);
  assert.equal(request.headers['content-type'], 'application/json');
}
