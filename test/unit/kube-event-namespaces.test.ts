import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ConfigError } from '../../src/config/flags.js';
import { kubeEventNamespaces } from '../../src/sources/kube-event-namespaces.js';

const runtimeNamespace = 'flux-system';

test('watching every namespace, native Events follow --kube-events-namespaces (empty: all)', () => {
  assert.deepEqual(
    kubeEventNamespaces({ watchAllNamespaces: true, kubeEventsNamespaces: [], runtimeNamespace }),
    [],
  );
  assert.deepEqual(
    kubeEventNamespaces({
      watchAllNamespaces: true,
      kubeEventsNamespaces: ['apps', 'db'],
      runtimeNamespace,
    }),
    ['apps', 'db'],
  );
});

test('--watch-all-namespaces=false keeps native Events to RUNTIME_NAMESPACE', () => {
  assert.deepEqual(
    kubeEventNamespaces({ watchAllNamespaces: false, kubeEventsNamespaces: [], runtimeNamespace }),
    [runtimeNamespace],
  );
  assert.deepEqual(
    kubeEventNamespaces({
      watchAllNamespaces: false,
      kubeEventsNamespaces: [runtimeNamespace],
      runtimeNamespace,
    }),
    [runtimeNamespace],
  );
});

test('--watch-all-namespaces=false with other namespaces named is refused, naming them', () => {
  assert.throws(
    () =>
      kubeEventNamespaces({
        watchAllNamespaces: false,
        kubeEventsNamespaces: ['flux-system', 'apps'],
        runtimeNamespace,
      }),
    (error: unknown) =>
      error instanceof ConfigError &&
      error.message ===
        'invalid value for flag --kube-events-namespaces: apps outside RUNTIME_NAMESPACE (flux-system) while --watch-all-namespaces=false',
  );
});
