import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { ProviderSpec } from '../../src/api/provider.js';
import { providerReadiness } from '../../src/api/readiness/provider-readiness.js';
import { ReadinessReason } from '../../src/api/readiness/readiness-reason.js';
import type { Secret } from '../../src/api/secret.js';
import { provider, secret } from '../support/api-objects.js';
import { testServiceAccount } from '../support/google-service-account.js';

const SENTRY_KEY = '0123456789abcdef0123456789abcdef';
const SAS_KEY = 'c2VjcmV0LWtleS1mb3ItcmVhZGluZXNz';
const CONNECTION_STRING = `Endpoint=sb://flux.servicebus.windows.net/;SharedAccessKeyName=send;SharedAccessKey=${SAS_KEY};EntityPath=events`;
const JWT = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJmbHV4In0.c2lnbmF0dXJl';

interface Case {
  readonly name: string;
  readonly spec: ProviderSpec;
  readonly secrets?: Secret[];
  readonly reason: ReadinessReason;
  readonly message?: string;
}

const account = testServiceAccount();

/** Readiness of the operations and cloud types: the keys and fields each needs. */
const cases: Case[] = [
  {
    name: 'sentry with a DSN',
    spec: { type: 'sentry', address: `https://${SENTRY_KEY}@o1.ingest.sentry.io/42` },
    reason: 'Succeeded',
  },
  {
    name: 'sentry with a DSN from the Secret, environment in the channel',
    spec: { type: 'sentry', channel: 'production', secretRef: { name: 'dsn' } },
    secrets: [secret('dsn', { address: `https://${SENTRY_KEY}@sentry.example/7` })],
    reason: 'Succeeded',
  },
  {
    name: 'sentry with a DSN without key',
    spec: { type: 'sentry', address: 'https://o1.ingest.sentry.io/42' },
    reason: 'SecretKeyMissing',
    message: 'spec.address: the DSN has no public key (`https://<key>@host/<project>`)',
  },
  {
    name: 'sentry with a DSN without project',
    spec: { type: 'sentry', secretRef: { name: 'dsn' } },
    secrets: [secret('dsn', { address: `https://${SENTRY_KEY}@o1.ingest.sentry.io/` })],
    reason: 'SecretKeyMissing',
    message:
      "the 'address' key of Secret 'dsn': the DSN names no project (`https://<key>@host/<project>`)",
  },
  {
    name: 'datadog with an API key',
    spec: { type: 'datadog', address: 'https://api.datadoghq.eu', secretRef: { name: 'dd' } },
    secrets: [secret('dd', { token: 'dd-api-key-value' })],
    reason: 'Succeeded',
  },
  {
    name: 'datadog without an API key',
    spec: { type: 'datadog', address: 'https://api.datadoghq.com', secretRef: { name: 'dd' } },
    secrets: [secret('dd', { headers: 'X-A: b' })],
    reason: 'SecretKeyMissing',
    message: "Datadog's Events API needs an API key: no 'token' key in Secret 'dd'",
  },
  {
    name: 'otel without credentials',
    spec: { type: 'otel', address: 'http://collector:4318/v1/traces' },
    reason: 'Succeeded',
  },
  {
    name: 'googlepubsub with a service-account key',
    spec: {
      type: 'googlepubsub',
      address: 'my-project',
      channel: 'flux',
      secretRef: { name: 'gcp' },
    },
    secrets: [secret('gcp', { token: account.json })],
    reason: 'Succeeded',
  },
  {
    name: 'googlepubsub without a token',
    spec: { type: 'googlepubsub', address: 'my-project', channel: 'flux' },
    reason: 'SecretKeyMissing',
    message:
      "Pub/Sub needs a service account's JSON key: no 'token' key in spec.secretRef (not set)",
  },
  {
    name: 'googlepubsub with a token that is not a key',
    spec: {
      type: 'googlepubsub',
      address: 'my-project',
      channel: 'flux',
      secretRef: { name: 'gcp' },
    },
    secrets: [secret('gcp', { token: '{"type":"authorized_user"}' })],
    reason: 'SecretKeyMissing',
    message: "the 'token' key of Secret 'gcp' has no 'type: service_account'",
  },
  {
    name: 'googlepubsub without a topic',
    spec: { type: 'googlepubsub', address: 'my-project', secretRef: { name: 'gcp' } },
    secrets: [secret('gcp', { token: account.json })],
    reason: 'SecretKeyMissing',
    message: 'spec.channel names the Pub/Sub topic: the topic ID is empty',
  },
  {
    name: 'googlepubsub with a URL for a project',
    spec: { type: 'googlepubsub', address: 'https://pubsub.googleapis.com', channel: 'flux' },
    reason: 'InvalidURL',
    message: "spec.address is not a project ID: the project ID holds '/', '?', '#' or white space",
  },
  {
    name: 'azureeventhub with a SAS connection string in the Secret',
    spec: { type: 'azureeventhub', secretRef: { name: 'hub' } },
    secrets: [secret('hub', { address: CONNECTION_STRING })],
    reason: 'Succeeded',
  },
  {
    name: 'azureeventhub with a connection string naming no hub',
    spec: { type: 'azureeventhub', secretRef: { name: 'hub' } },
    secrets: [secret('hub', { address: CONNECTION_STRING.replace(';EntityPath=events', '') })],
    reason: 'InvalidURL',
    message:
      "the 'address' key of Secret 'hub' is not a usable connection string: the connection string names no event hub ('EntityPath')",
  },
  {
    name: 'azureeventhub with a hub name, namespace and JWT',
    spec: { type: 'azureeventhub', address: 'events', channel: 'flux', secretRef: { name: 'jwt' } },
    secrets: [secret('jwt', { token: JWT })],
    reason: 'Succeeded',
  },
  {
    name: 'azureeventhub with a hub name and no JWT',
    spec: { type: 'azureeventhub', address: 'events', channel: 'flux' },
    reason: 'SecretKeyMissing',
    message:
      "an event hub name as the address needs a JWT: no 'token' key in spec.secretRef (not set)",
  },
  {
    name: 'azureeventhub with a hub name and no namespace',
    spec: { type: 'azureeventhub', address: 'events', secretRef: { name: 'jwt' } },
    secrets: [secret('jwt', { token: JWT })],
    reason: 'SecretKeyMissing',
    message:
      'with an event hub name as the address, spec.channel names its namespace, and it is empty',
  },
];

describe('readiness of the operations and cloud provider types', () => {
  for (const { name, spec, secrets = [], reason, message } of cases) {
    test(`${name} → ${reason}`, () => {
      const lookup = (namespace: string, secretName: string) =>
        secrets.find((s) => s.metadata.namespace === namespace && s.metadata.name === secretName);
      const readiness = providerReadiness(provider('p', spec), lookup);
      assert.equal(readiness.reason, reason, readiness.message);
      if (message !== undefined) assert.equal(readiness.message, message);
      for (const value of [SENTRY_KEY, SAS_KEY, JWT, 'PRIVATE KEY', CONNECTION_STRING]) {
        assert.ok(!readiness.message.includes(value), readiness.message);
      }
    });
  }
});
