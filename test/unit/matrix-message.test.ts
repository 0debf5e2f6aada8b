import { test } from 'node:test';
import assert from 'node:assert/strict';
import { matrixTransactionId } from '../../src/notifiers/matrix-message.js';

test("the transaction id is Flux's: its TestSha1Sum vector", () => {
  // Flux's matrix_test.go: an empty involved object, info, Aug 24, 2021 at 4:18pm (a zone
  // Go reads as UTC), no metadata, no reporting controller.
  const id = matrixTransactionId({
    involvedObject: { kind: '', name: '', namespace: '' },
    severity: 'info',
    timestamp: '2021-08-24T16:18:00Z',
    message: 'update successful',
    reason: 'update sucesful',
    reportingController: '',
  });
  assert.equal(id, '37d91b4f6a1e44c6a38273b0a0fd408fade7b0f5');
});
