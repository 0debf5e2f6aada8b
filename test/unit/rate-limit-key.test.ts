import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rateLimitKey } from '../../src/ratelimit/rate-limit-key.js';
import { seedEvent } from '../fixtures/seed-event.js';

// Expected digests computed by hand with `printf '%s' '<joined parts>' | sha256sum`.

test('the seed event keys on name, namespace, kind, message and revision', () => {
  // event/name=webapp/namespace=apps/kind=Kustomization/message=service/apps/webapp validation
  // error: spec.type: Unsupported value: Ingress/revision=main/731f7eaddfb6af01cb2173e18f0f75b0ba780ef1
  assert.equal(
    rateLimitKey(seedEvent()),
    '2687e656b7bec5a8ee82c63c700f7ca4e60c6507979c008dfa7a828a55ffe906',
  );
});

test('without a revision the key has only the object and message', () => {
  const event = { ...seedEvent(), metadata: {} };
  assert.equal(
    rateLimitKey(event),
    '37aa277574dd463665fec0771d5be93aa80b20369b9a12ee602283bcc15c95b6',
  );
});

test('originRevision, revision and token join in that order, whatever the metadata order', () => {
  const event = {
    ...seedEvent(),
    involvedObject: {
      apiVersion: 'helm.toolkit.fluxcd.io/v2',
      kind: 'HelmRelease',
      name: 'podinfo',
      namespace: 'default',
    },
    message: 'done',
    metadata: {
      'helm.toolkit.fluxcd.io/token': 't1',
      'helm.toolkit.fluxcd.io/revision': '1.0.0',
      'helm.toolkit.fluxcd.io/originRevision': 'sha1:abc',
    },
  };
  // event/name=podinfo/namespace=default/kind=HelmRelease/message=done/originRevision=sha1:abc/revision=1.0.0/token=t1
  assert.equal(
    rateLimitKey(event),
    '96ec8842ec7dd4dc97168dd4ecd1eab42109fd86fd220f3f5e0e50a3a84c91f8',
  );
});

test('severity, reason, timestamp and other metadata are not in the key', () => {
  const base = rateLimitKey(seedEvent());
  const variants = [
    { ...seedEvent(), severity: 'info' as const },
    { ...seedEvent(), reason: 'Progressing' },
    { ...seedEvent(), timestamp: '2023-01-01T00:00:00Z' },
    { ...seedEvent(), reportingController: 'helm-controller' },
    {
      ...seedEvent(),
      metadata: { ...seedEvent().metadata, 'kustomize.toolkit.fluxcd.io/other': 'x' },
    },
  ];
  for (const variant of variants) assert.equal(rateLimitKey(variant), base);
});

test('a revision under another group is not in the key', () => {
  const event = { ...seedEvent(), metadata: { 'source.toolkit.fluxcd.io/revision': 'main/abc' } };
  assert.equal(
    rateLimitKey(event),
    '37aa277574dd463665fec0771d5be93aa80b20369b9a12ee602283bcc15c95b6',
  );
});
