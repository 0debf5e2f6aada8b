import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import type { Alert } from '../../src/api/alert.js';
import type { Provider } from '../../src/api/provider.js';
import { evaluateReadiness } from '../../src/api/readiness/readiness.js';
import type { Secret } from '../../src/api/secret.js';
import { validateObject } from '../../src/api/validation/manifest-validator.js';
import { DELIVERED_PROVIDER_TYPES } from '../../src/providers/provider-registry.js';
import { alert, provider, secret } from '../support/api-objects.js';

test('one record per Provider, then per Alert, in the order given', () => {
  const records = evaluateReadiness({
    alerts: [alert('b'), alert('a', { providerRef: { name: 'loki' } })],
    providers: [
      provider('slack', { type: 'slack', address: 'https://hooks.slack.com/x' }),
      provider('loki', { type: 'loki', address: 'http://loki:3100', secretRef: { name: 'loki' } }),
    ],
    secrets: [secret('loki', { token: 't' })],
  });
  assert.deepEqual(
    records.map(({ kind, name, reason }) => `${kind} ${name} ${reason}`),
    [
      'Provider slack Succeeded',
      'Provider loki Succeeded',
      'Alert b Succeeded',
      'Alert a Succeeded',
    ],
  );
});

test("Flux's documented providers, loaded as local mode loads them", () => {
  const file = join(import.meta.dirname, '..', 'fixtures', 'flux-v1beta3-docs', 'providers.yaml');
  const objects = { alerts: [] as Alert[], providers: [] as Provider[], secrets: [] as Secret[] };
  for (const doc of parseAllDocuments(readFileSync(file, 'utf8'))) {
    const result = validateObject(doc.toJS());
    assert.equal(result.kind, 'valid');
    // Later documents replace earlier ones of the same name, as `kubectl apply` would.
    const replace = <T extends { metadata: { name: string; namespace?: string } }>(
      list: T[],
      object: T,
    ) => {
      const index = list.findIndex(
        (o) =>
          o.metadata.name === object.metadata.name &&
          o.metadata.namespace === object.metadata.namespace,
      );
      if (index === -1) list.push(object);
      else list[index] = object;
    };
    const object = result.object;
    if (object.kind === 'Alert') replace(objects.alerts, object);
    else if (object.kind === 'Provider') replace(objects.providers, object);
    else replace(objects.secrets, object);
  }
  const byName = new Map(
    evaluateReadiness(objects).map((r) => [
      `${r.kind} ${r.namespace}/${r.name}`,
      `${r.reason}: ${r.message}`,
    ]),
  );
  assert.equal(byName.get('Provider default/slack'), 'Succeeded: Provider is ready');
  assert.equal(
    byName.get('Provider flagger-system/slack-bot'),
    "SecretNotFound: Secret 'slack-bot-token' not found",
  );
  assert.equal(
    byName.get('Provider default/msteams'),
    `UnsupportedType: Provider type 'msteams' is not supported by Herald yet (supported: ${DELIVERED_PROVIDER_TYPES.join(', ')})`,
  );
  // The docs put this CA Secret in another namespace than its Provider.
  assert.equal(
    byName.get('Provider flagger-system/my-webhook'),
    "SecretNotFound: Secret 'my-ca-crt' not found",
  );
  assert.equal(
    byName.get('Alert flagger-system/slack'),
    "ProviderNotReady: Provider 'slack-bot' is not ready (SecretNotFound)",
  );
  assert.equal(
    byName.get('Alert default/datadog-info'),
    "ProviderNotReady: Provider 'datadog' is not ready (UnsupportedType)",
  );
});
