import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Provider } from '../../src/api/provider.js';
import { notifierIdentity } from '../../src/pipeline/notifier-identity.js';
import { sampleTarget } from '../support/sample-target.js';

const provider: Provider = {
  apiVersion: 'notification.toolkit.fluxcd.io/v1beta3',
  kind: 'Provider',
  metadata: { name: 'github', namespace: 'apps', uid: 'u-1', resourceVersion: '10', generation: 1 },
  spec: { type: 'github', address: 'https://github.com/org/repo' },
};

test('a status write or a new resourceVersion keeps the notifier', () => {
  const before = sampleTarget({ resource: provider });
  const after = sampleTarget({
    resource: {
      ...provider,
      metadata: { ...provider.metadata, resourceVersion: '11' },
      status: {
        observedGeneration: 1,
        conditions: [
          {
            type: 'Ready',
            status: 'True',
            reason: 'Succeeded',
            message: 'Provider is ready',
            lastTransitionTime: '2026-12-06T10:00:00Z',
            observedGeneration: 1,
          },
        ],
      },
    },
  });
  assert.equal(notifierIdentity(after), notifierIdentity(before));
});

test('a spec, label, UID or Secret change makes a new notifier', () => {
  const base = notifierIdentity(sampleTarget({ resource: provider }));
  const changed = [
    sampleTarget({ resource: { ...provider, spec: { ...provider.spec, commitStatusExpr: 'x' } } }),
    sampleTarget({
      resource: { ...provider, metadata: { ...provider.metadata, labels: { team: 'a' } } },
    }),
    sampleTarget({ resource: { ...provider, metadata: { ...provider.metadata, uid: 'u-2' } } }),
    sampleTarget({ resource: provider, token: 'another-token' }),
  ];
  for (const target of changed) assert.notEqual(notifierIdentity(target), base);
});
