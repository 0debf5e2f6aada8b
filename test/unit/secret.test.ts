import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readSecretString, type Secret } from '../../src/api/secret.js';

const secret: Secret = {
  apiVersion: 'v1',
  kind: 'Secret',
  metadata: { name: 's', namespace: 'apps' },
  data: {
    token: Buffer.from('from-data').toString('base64'),
    address: Buffer.from('https://a').toString('base64'),
  },
  stringData: { token: 'from-stringData' },
};

test('readSecretString decodes data, with stringData winning as the API server merges it', () => {
  assert.equal(readSecretString(secret, 'address'), 'https://a');
  assert.equal(readSecretString(secret, 'token'), 'from-stringData');
  assert.equal(readSecretString(secret, 'missing'), undefined);
});

test("readSecretString does not find Object's own properties", () => {
  assert.equal(readSecretString(secret, 'constructor'), undefined);
  assert.equal(readSecretString(secret, '__proto__'), undefined);
});
