import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { ProviderSpec } from '../../src/api/provider.js';
import { type ProviderSettings, resolveProviderSettings } from '../../src/api/provider-settings.js';
import type { Secret } from '../../src/api/secret.js';
import { provider, secret } from '../support/api-objects.js';

function resolve(spec: ProviderSpec, secrets: Secret[]): ProviderSettings {
  const result = resolveProviderSettings(provider('p', spec), (namespace, name) =>
    secrets.find((s) => s.metadata.namespace === namespace && s.metadata.name === name),
  );
  assert.ok(result.ok, JSON.stringify(result));
  return result.settings;
}

describe('provider settings', () => {
  test('the spec alone, with the default timeout', () => {
    assert.deepEqual(
      resolve({ type: 'slack', address: ' https://a ', channel: 'ops', username: 'flux' }, []),
      {
        address: { value: 'https://a', source: 'spec.address' },
        channel: 'ops',
        username: 'flux',
        headers: {},
        timeout: '15s',
      },
    );
  });

  test("the Secret's address, proxy and username replace the spec's; values are trimmed", () => {
    const settings = resolve(
      {
        type: 'slack',
        address: 'https://spec',
        proxy: 'http://spec-proxy',
        username: 'spec',
        secretRef: { name: 's' },
      },
      [
        secret('s', {
          address: 'https://secret\n',
          proxy: 'http://secret-proxy',
          username: 'bot',
          token: 'tok\n',
        }),
      ],
    );
    assert.deepEqual(settings.address, {
      value: 'https://secret',
      source: "the 'address' key of Secret 's'",
    });
    assert.deepEqual(settings.proxy, {
      value: 'http://secret-proxy',
      source: "the 'proxy' key of Secret 's'",
    });
    assert.equal(settings.username, 'bot');
    assert.equal(settings.token, 'tok');
  });

  test('proxySecretRef replaces both proxies and carries its credentials', () => {
    const settings = resolve(
      {
        type: 'generic',
        proxy: 'http://spec-proxy',
        secretRef: { name: 's' },
        proxySecretRef: { name: 'px' },
      },
      [
        secret('s', { proxy: 'http://secret-proxy' }),
        secret('px', { address: 'http://px:3128', username: 'u', password: 'p' }),
      ],
    );
    assert.deepEqual(settings.proxy, {
      value: 'http://px:3128',
      source: "the 'address' key of Secret 'px'",
      username: 'u',
      password: 'p',
    });
  });

  test('headers are a YAML map; scalar values become strings', () => {
    const settings = resolve({ type: 'loki', secretRef: { name: 's' } }, [
      secret('s', { headers: 'X-Scope-OrgID: tenant-1\nX-Retries: 3\n' }),
    ]);
    assert.deepEqual(settings.headers, { 'X-Scope-OrgID': 'tenant-1', 'X-Retries': '3' });
  });

  test('TLS material, with the legacy key names too', () => {
    const settings = resolve({ type: 'generic', certSecretRef: { name: 'tls' } }, [
      secret('tls', { caFile: 'CA', 'tls.crt': 'CERT', keyFile: 'KEY' }),
    ]);
    assert.deepEqual(settings.tls, { ca: 'CA', cert: 'CERT', key: 'KEY' });
  });

  test('stringData of a Secret not yet normalised is read too', () => {
    const raw: Secret = {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 's', namespace: 'apps' },
      stringData: { token: 't' },
    };
    assert.equal(resolve({ type: 'generic-hmac', secretRef: { name: 's' } }, [raw]).token, 't');
  });
});
