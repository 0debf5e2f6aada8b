import { test } from 'node:test';
import assert from 'node:assert/strict';
import { apiGroupOf } from '../../src/api/event.js';

test('apiGroupOf takes the group of an apiVersion', () => {
  assert.equal(apiGroupOf('kustomize.toolkit.fluxcd.io/v1'), 'kustomize.toolkit.fluxcd.io');
  assert.equal(apiGroupOf('v1'), '');
  assert.equal(apiGroupOf(undefined), '');
});
