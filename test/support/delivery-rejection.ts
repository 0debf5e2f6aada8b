import assert from 'node:assert/strict';
import { DeliveryError } from '../../src/http/delivery-error.js';

export interface ExpectedRejection {
  readonly status?: number;
  readonly attempts?: number;
  /** What the message must say. */
  readonly says?: RegExp;
  /** Secrets the message must not show. */
  readonly hides: readonly string[];
}

/** Asserts a delivery was refused for good (HERALD_DELIVERY_REJECTED), saying no secret. */
export async function assertRejected(
  delivery: Promise<unknown>,
  expected: ExpectedRejection,
): Promise<void> {
  await assert.rejects(delivery, (error: unknown) => {
    assert.ok(error instanceof DeliveryError);
    assert.equal(error.code, 'HERALD_DELIVERY_REJECTED');
    if (expected.status !== undefined) assert.equal(error.status, expected.status);
    if (expected.attempts !== undefined) assert.equal(error.attempts, expected.attempts);
    if (expected.says !== undefined) assert.match(error.message, expected.says);
    for (const secret of expected.hides) assert.ok(!error.message.includes(secret), error.message);
    return true;
  });
}
