import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  ALERTS,
  collectionPath,
  PROVIDERS,
  SECRETS,
  watchedNamespace,
} from '../../src/kube/resource-paths.js';

test('collection paths for every namespace or one', () => {
  const cases: [string, string][] = [
    [collectionPath(ALERTS), '/apis/notification.toolkit.fluxcd.io/v1beta3/alerts'],
    [
      collectionPath(PROVIDERS, 'flux-system'),
      '/apis/notification.toolkit.fluxcd.io/v1beta3/namespaces/flux-system/providers',
    ],
    [collectionPath(SECRETS), '/api/v1/secrets'],
    [collectionPath(SECRETS, 'apps'), '/api/v1/namespaces/apps/secrets'],
  ];
  for (const [actual, expected] of cases) assert.equal(actual, expected);
});

test('--watch-all-namespaces=false watches RUNTIME_NAMESPACE only', () => {
  assert.equal(
    watchedNamespace({ watchAllNamespaces: true, runtimeNamespace: 'flux-system' }),
    undefined,
  );
  assert.equal(
    watchedNamespace({ watchAllNamespaces: false, runtimeNamespace: 'flux-system' }),
    'flux-system',
  );
});
