import { test } from 'node:test';
import assert from 'node:assert/strict';
import { providerSchema } from '../../src/api/provider-schema.js';
import { secret } from '../support/api-objects.js';
import { describeReadinessCases, type ReadinessCase } from '../support/readiness-cases.js';

const SLACK_API = 'https://slack.com/api/chat.postMessage';
const WEBHOOK_SECRET = 'T000/B000/WEBHOOKSECRETPATH';
const WEBHOOK = `https://hooks.slack.com/services/${WEBHOOK_SECRET}`;
const TOKEN = 'xoxb-threading-secret-token';

const tokenSecret = secret('slack-token', { token: TOKEN });

const cases: ReadinessCase[] = [
  {
    name: 'chat.postMessage with a token and threading',
    spec: {
      type: 'slack',
      address: SLACK_API,
      channel: '#ops',
      secretRef: { name: 'slack-token' },
      threading: { enabled: true, expiry: '12h' },
    },
    secrets: [tokenSecret],
    reason: 'Succeeded',
  },
  {
    name: 'an incoming webhook in the Secret with threading',
    spec: { type: 'slack', secretRef: { name: 'slack-url' }, threading: { enabled: true } },
    secrets: [secret('slack-url', { address: WEBHOOK })],
    reason: 'InvalidThreading',
    message:
      "spec.threading needs Slack's chat.postMessage address (https://slack.com/api/chat.postMessage): " +
      "the 'address' key of Secret 'slack-url' is another one, such as an incoming webhook, " +
      'which answers no message id to reply to',
  },
  {
    name: 'an incoming webhook in the spec with threading',
    spec: { type: 'slack', address: WEBHOOK, threading: { enabled: true } },
    reason: 'InvalidThreading',
    message: 'spec.address is another one',
  },
  {
    name: 'an incoming webhook with threading turned off',
    spec: { type: 'slack', address: WEBHOOK, threading: { enabled: false } },
    reason: 'Succeeded',
  },
  {
    name: 'chat.postMessage and threading, no token',
    spec: { type: 'slack', address: SLACK_API, threading: { enabled: true } },
    reason: 'SecretKeyMissing',
    message: "no 'token' key in spec.secretRef (not set)",
  },
  {
    name: 'threading on another type',
    spec: {
      type: 'msteams',
      address: 'https://example.webhook.office.com/x',
      threading: { enabled: true },
    },
    reason: 'InvalidThreading',
    message: "spec.threading is only supported for the 'slack' provider type",
  },
  {
    name: 'a zero expiry',
    spec: {
      type: 'slack',
      address: SLACK_API,
      secretRef: { name: 'slack-token' },
      threading: { enabled: true, expiry: '0s' },
    },
    secrets: [tokenSecret],
    reason: 'InvalidThreading',
    message: 'spec.threading.expiry must be a positive duration',
  },
];

describeReadinessCases('provider readiness: spec.threading', cases, [
  TOKEN,
  WEBHOOK,
  WEBHOOK_SECRET,
]);

test('the schema takes threading with enabled required and an expiry in Go duration form', () => {
  const threading = providerSchema.properties?.spec?.properties?.threading;
  assert.ok(threading !== undefined);
  assert.deepEqual(threading.required, ['enabled']);
  assert.equal(threading.properties?.expiry?.pattern, '^([0-9]+(\\.[0-9]+)?(ms|s|m|h))+$');
});
