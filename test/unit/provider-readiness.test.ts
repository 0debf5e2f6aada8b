import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { ProviderSpec } from '../../src/api/provider.js';
import { providerReadiness } from '../../src/api/readiness/provider-readiness.js';
import { ReadinessReason } from '../../src/api/readiness/readiness-reason.js';
import type { Secret } from '../../src/api/secret.js';
import { provider, secret } from '../support/api-objects.js';
import { DELIVERED_PROVIDER_TYPES } from '../../src/providers/provider-registry.js';

const WEBHOOK = 'https://hooks.slack.com/services/T000/B000/XXXX';
const SLACK_API = 'https://slack.com/api/chat.postMessage';
const TOKEN = 'xoxb-very-secret-token';
const SECRET_URL = 'https://hooks.example.com/secret-path-token';

interface Case {
  name: string;
  spec: ProviderSpec;
  secrets?: Secret[];
  reason: ReadinessReason;
  /** The message, or a part of it. */
  message?: string | RegExp;
}

const cases: Case[] = [
  // Supported types that work.
  {
    name: 'slack webhook in spec',
    spec: { type: 'slack', address: WEBHOOK },
    reason: 'Succeeded',
    message: 'Provider is ready',
  },
  {
    name: 'slack Web API with a token',
    spec: {
      type: 'slack',
      address: SLACK_API,
      secretRef: { name: 'slack-token' },
    },
    secrets: [secret('slack-token', { token: TOKEN })],
    reason: 'Succeeded',
  },
  {
    name: 'slack webhook from the Secret',
    spec: { type: 'slack', secretRef: { name: 'slack-url' } },
    secrets: [secret('slack-url', { address: WEBHOOK })],
    reason: 'Succeeded',
  },
  {
    name: 'generic',
    spec: { type: 'generic', address: 'http://receiver.apps:8080/hook' },
    reason: 'Succeeded',
  },
  {
    name: 'generic-hmac with a token',
    spec: {
      type: 'generic-hmac',
      address: 'https://receiver/hook',
      secretRef: { name: 'hmac' },
    },
    secrets: [secret('hmac', { token: TOKEN })],
    reason: 'Succeeded',
  },
  {
    name: 'loki without credentials',
    spec: { type: 'loki', address: 'http://loki:3100' },
    reason: 'Succeeded',
  },
  {
    name: 'loki with a bearer token',
    spec: {
      type: 'loki',
      address: 'http://loki:3100',
      secretRef: { name: 'loki' },
    },
    secrets: [secret('loki', { token: TOKEN })],
    reason: 'Succeeded',
  },
  {
    name: 'loki with basic auth and a tenant header',
    spec: {
      type: 'loki',
      address: 'http://loki:3100',
      secretRef: { name: 'loki' },
    },
    secrets: [
      secret('loki', {
        username: 'u',
        password: 'p',
        headers: 'X-Scope-OrgID: tenant-1\n',
      }),
    ],
    reason: 'Succeeded',
  },

  // The Secret's address wins over the spec's, as in Flux.
  {
    name: 'a valid address in the Secret wins over a bad spec.address',
    spec: { type: 'generic', address: 'not a url', secretRef: { name: 'url' } },
    secrets: [secret('url', { address: SECRET_URL })],
    reason: 'Succeeded',
  },
  {
    name: 'a bad address in the Secret wins over a good spec.address',
    spec: {
      type: 'generic',
      address: 'https://ok.example.com',
      secretRef: { name: 'url' },
    },
    secrets: [secret('url', { address: 'hooks.example.com/secret-path-token' })],
    reason: 'InvalidURL',
    message: "the 'address' key of Secret 'url' is not an absolute http(s) URL",
  },

  // Addresses and proxies.
  {
    name: 'no address',
    spec: { type: 'generic' },
    reason: 'InvalidURL',
    message: 'Provider has no address: set spec.address',
  },
  {
    name: 'no address, with a Secret',
    spec: { type: 'generic', secretRef: { name: 'creds' } },
    secrets: [secret('creds', { token: TOKEN })],
    reason: 'InvalidURL',
    message: "Provider has no address: set spec.address or the 'address' key of Secret 'creds'",
  },
  {
    name: 'relative address',
    spec: { type: 'generic', address: '/hook' },
    reason: 'InvalidURL',
    message: 'spec.address is not an absolute http(s) URL',
  },
  {
    name: 'ftp address',
    spec: { type: 'generic', address: 'ftp://files/x' },
    reason: 'InvalidURL',
  },
  {
    name: 'proxy without host',
    spec: { type: 'generic', address: WEBHOOK, proxy: 'http://' },
    reason: 'InvalidURL',
    message: 'the proxy in spec.proxy is not an absolute http(s) URL',
  },
  {
    name: 'bad proxy from the Secret',
    spec: { type: 'generic', address: WEBHOOK, secretRef: { name: 'creds' } },
    secrets: [secret('creds', { proxy: 'user:password@proxy:3128' })],
    reason: 'InvalidURL',
    message: "the proxy in the 'proxy' key of Secret 'creds' is not an absolute http(s) URL",
  },
  {
    name: 'proxySecretRef without address',
    spec: {
      type: 'generic',
      address: WEBHOOK,
      proxySecretRef: { name: 'proxy' },
    },
    secrets: [secret('proxy', { username: 'u' })],
    reason: 'SecretKeyMissing',
    message: "Secret 'proxy' has no 'address' key (the proxy URL)",
  },
  {
    name: 'proxySecretRef with an address',
    spec: {
      type: 'generic',
      address: WEBHOOK,
      proxySecretRef: { name: 'proxy' },
    },
    secrets: [
      secret('proxy', {
        address: 'http://proxy:3128',
        username: 'u',
        password: 'p',
      }),
    ],
    reason: 'Succeeded',
  },

  // Secrets and their keys.
  {
    name: 'secretRef to a missing Secret',
    spec: { type: 'slack', address: WEBHOOK, secretRef: { name: 'gone' } },
    reason: 'SecretNotFound',
    message: "Secret 'gone' not found",
  },
  {
    name: 'secretRef to a Secret of another namespace',
    spec: {
      type: 'slack',
      address: WEBHOOK,
      secretRef: { name: 'slack-token' },
    },
    secrets: [secret('slack-token', { token: TOKEN }, 'other')],
    reason: 'SecretNotFound',
  },
  {
    name: 'slack Web API without a Secret',
    spec: { type: 'slack', address: SLACK_API },
    reason: 'SecretKeyMissing',
    message:
      "Slack's chat.postMessage API needs a bot token: no 'token' key in spec.secretRef (not set)",
  },
  {
    name: 'slack Web API with a Secret without token',
    spec: { type: 'slack', address: SLACK_API, secretRef: { name: 'slack' } },
    secrets: [secret('slack', { username: 'bot' })],
    reason: 'SecretKeyMissing',
    message: "no 'token' key in Secret 'slack'",
  },
  {
    name: 'generic-hmac without a Secret',
    spec: { type: 'generic-hmac', address: WEBHOOK },
    reason: 'SecretKeyMissing',
    message: "generic-hmac signs with a 'token' key: none in spec.secretRef (not set)",
  },
  {
    name: 'generic-hmac with an empty token',
    spec: {
      type: 'generic-hmac',
      address: WEBHOOK,
      secretRef: { name: 'hmac' },
    },
    secrets: [secret('hmac', { token: '\n' })],
    reason: 'SecretKeyMissing',
    message: "the 'token' key of Secret 'hmac' is empty",
  },
  {
    name: 'loki with a password but no username',
    spec: {
      type: 'loki',
      address: 'http://loki:3100',
      secretRef: { name: 'loki' },
    },
    secrets: [secret('loki', { password: 'p' })],
    reason: 'SecretKeyMissing',
    message: "Secret 'loki' has 'password' but no 'username'",
  },
  {
    name: 'loki with a username but no password',
    spec: {
      type: 'loki',
      address: 'http://loki:3100',
      secretRef: { name: 'loki' },
    },
    secrets: [secret('loki', { username: 'u' })],
    reason: 'SecretKeyMissing',
    message: "Secret 'loki' has 'username' but no 'password'",
  },
  {
    name: 'headers that are not a map',
    spec: { type: 'generic', address: WEBHOOK, secretRef: { name: 'creds' } },
    secrets: [secret('creds', { headers: `- Authorization: Bearer ${TOKEN}\n` })],
    reason: 'InvalidSecretData',
    message: "the 'headers' key of Secret 'creds' is not a YAML map of header names to values",
  },
  {
    name: 'headers that are not YAML',
    spec: { type: 'generic', address: WEBHOOK, secretRef: { name: 'creds' } },
    secrets: [secret('creds', { headers: `Authorization: "${TOKEN}\n` })],
    reason: 'InvalidSecretData',
  },

  // TLS.
  {
    name: 'certSecretRef to a missing Secret',
    spec: { type: 'generic', address: WEBHOOK, certSecretRef: { name: 'ca' } },
    reason: 'SecretNotFound',
    message: "Secret 'ca' not found",
  },
  {
    name: 'ca.crt',
    spec: { type: 'generic', address: WEBHOOK, certSecretRef: { name: 'ca' } },
    secrets: [secret('ca', { 'ca.crt': 'PEM' })],
    reason: 'Succeeded',
  },
  {
    name: "Flux's legacy caFile",
    spec: { type: 'generic', address: WEBHOOK, certSecretRef: { name: 'ca' } },
    secrets: [secret('ca', { caFile: 'PEM' })],
    reason: 'Succeeded',
  },
  {
    name: 'client certificate only',
    spec: { type: 'generic', address: WEBHOOK, certSecretRef: { name: 'tls' } },
    secrets: [secret('tls', { 'tls.crt': 'PEM', 'tls.key': 'PEM' })],
    reason: 'Succeeded',
  },
  {
    name: 'tls.crt without tls.key',
    spec: { type: 'generic', address: WEBHOOK, certSecretRef: { name: 'tls' } },
    secrets: [secret('tls', { 'ca.crt': 'PEM', 'tls.crt': 'PEM' })],
    reason: 'SecretKeyMissing',
    message: "Secret 'tls' has 'tls.crt' but no 'tls.key'",
  },
  {
    name: 'no TLS key at all',
    spec: { type: 'generic', address: WEBHOOK, certSecretRef: { name: 'tls' } },
    secrets: [secret('tls', { token: 'x' })],
    reason: 'SecretKeyMissing',
    message: "Secret 'tls' has neither 'ca.crt' nor 'tls.crt' and 'tls.key'",
  },

  // Types and suspension.
  {
    name: 'a Flux type Herald lacks',
    spec: { type: 'msteams', address: WEBHOOK },
    reason: 'UnsupportedType',
    message: `Provider type 'msteams' is not supported by Herald yet (supported: ${DELIVERED_PROVIDER_TYPES.join(', ')})`,
  },
  {
    name: 'suspended',
    spec: { type: 'slack', address: WEBHOOK, suspend: true },
    reason: 'Suspended',
    message: 'Provider is suspended',
  },
  {
    name: 'suspended and misconfigured: the misconfiguration is told',
    spec: { type: 'slack', suspend: true },
    reason: 'InvalidURL',
  },
  // Link-local and cloud metadata addresses, however written.
  ...[
    'http://169.254.169.254/latest/meta-data/iam/security-credentials/',
    'http://169.254.170.2/v2/credentials',
    'http://2852039166/',
    'http://0xa9.0xfe.0xa9.0xfe/',
    'http://[::ffff:169.254.169.254]/',
    'http://[fd00:ec2::254]/latest/api/token',
    'http://[fe80::1]:8080/',
    'http://metadata.google.internal/computeMetadata/v1/',
    'http://METADATA.google.internal./computeMetadata/v1/',
  ].map((address): Case => ({
    name: `generic at ${address}`,
    spec: { type: 'generic', address },
    reason: 'AddressNotAllowed',
    message: /^spec\.address points at .+, refused without --allow-link-local-providers$/,
  })),
  {
    name: 'an address from the Secret at the metadata server',
    spec: { type: 'generic', secretRef: { name: 'hook' } },
    secrets: [secret('hook', { address: 'http://169.254.169.254/' })],
    reason: 'AddressNotAllowed',
    message:
      "the 'address' key of Secret 'hook' points at 169.254.169.254, a link-local or cloud " +
      'metadata address, refused without --allow-link-local-providers',
  },
  {
    name: 'a proxy at a link-local address',
    spec: {
      type: 'generic',
      address: 'http://receiver/hook',
      proxy: 'http://169.254.1.1:3128',
    },
    reason: 'AddressNotAllowed',
    message: /^the proxy in spec\.proxy points at 169\.254\.1\.1/,
  },
  ...['http://127.0.0.1:8080/', 'http://10.0.0.7/', 'http://192.168.1.2/', 'http://[fd12::1]/'].map(
    (address): Case => ({
      name: `loopback and private ranges stay allowed: ${address}`,
      spec: { type: 'generic', address },
      reason: 'Succeeded',
    }),
  ),
  // Headers Herald's client sets itself: ignored, and said so.
  {
    name: 'headers that set framing are named as ignored, the Provider stays ready',
    spec: {
      type: 'generic',
      address: 'http://receiver/hook',
      secretRef: { name: 'hook' },
    },
    secrets: [
      secret('hook', {
        headers: 'Content-Length: "5"\nX-Api-Key: key\nhost: evil.example\nConnection: close\n',
      }),
    ],
    reason: 'Succeeded',
    message:
      "Provider is ready; the 'headers' of Secret 'hook' set Content-Length, host, Connection, " +
      'which Herald ignores: its HTTP client writes those headers itself',
  },
];

describe('provider readiness', () => {
  for (const { name, spec, secrets = [], reason, message } of cases) {
    test(`${name} → ${reason}`, () => {
      const lookup = (namespace: string, secretName: string) =>
        secrets.find((s) => s.metadata.namespace === namespace && s.metadata.name === secretName);
      const readiness = providerReadiness(provider('p', spec), lookup);
      assert.equal(readiness.reason, reason, readiness.message);
      assert.equal(readiness.ready, reason === ReadinessReason.Succeeded);
      assert.deepEqual(
        [readiness.kind, readiness.namespace, readiness.name],
        ['Provider', 'apps', 'p'],
      );
      if (typeof message === 'string')
        assert.ok(readiness.message.includes(message), readiness.message);
      if (message instanceof RegExp) assert.match(readiness.message, message);
      for (const value of [TOKEN, SECRET_URL, 'secret-path-token', 'user:password']) {
        assert.ok(
          !readiness.message.includes(value),
          `message leaks a secret value: ${readiness.message}`,
        );
      }
    });
  }
});

test('--allow-link-local-providers lets a Provider point at a link-local address', () => {
  const spec: ProviderSpec = {
    type: 'generic',
    address: 'http://169.254.169.254/',
    proxy: 'http://[fe80::1]:3128',
  };
  const noSecrets = () => undefined;
  const policy = { noCrossNamespaceRefs: false, allowLinkLocalProviders: true };
  assert.equal(providerReadiness(provider('p', spec), noSecrets, policy).reason, 'Succeeded');
  assert.equal(providerReadiness(provider('p', spec), noSecrets).reason, 'AddressNotAllowed');
});
