import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ProviderSpec } from '../../src/api/provider.js';
import type { ReadinessReason } from '../../src/api/readiness/readiness-reason.js';
import type { Secret } from '../../src/api/secret.js';
import { secret } from '../support/api-objects.js';
import { providerReadinessWith } from '../support/provider-readiness-with.js';

const BOT_TOKEN = 'webex-bot-token-very-secret';
const WEBEX_API = 'https://webexapis.com/v1/messages';
const ROOM = 'Y2lzY29zcGFyazovL3VzL1JPT00vYmJjZWIxYWQ';

interface Case {
  readonly name: string;
  readonly spec: ProviderSpec;
  readonly secrets?: readonly Secret[];
  readonly reason: ReadinessReason;
  readonly message?: string;
}

/** A webex Provider as Flux's documentation shows it, `changes` made, its Secret holding `keys`. */
function webexCase(
  name: string,
  changes: Partial<ProviderSpec>,
  keys: Readonly<Record<string, string>>,
  reason: ReadinessReason,
  message?: string,
): Case {
  const spec: ProviderSpec = {
    type: 'webex',
    address: WEBEX_API,
    channel: ROOM,
    secretRef: { name: 'webex-token' },
    ...changes,
  };
  return {
    name,
    spec,
    secrets: [secret('webex-token', keys)],
    reason,
    ...(message === undefined ? {} : { message }),
  };
}

/** Each chat type configured as Flux's documentation shows it, then with a piece missing. */
const cases: readonly Case[] = [
  {
    name: 'msteams with a Workflows address in its Secret',
    spec: { type: 'msteams', secretRef: { name: 'msteams-webhook' } },
    secrets: [
      secret('msteams-webhook', {
        address: 'https://prod-11.northeurope.logic.azure.com:443/workflows/abc/triggers/manual',
      }),
    ],
    reason: 'Succeeded',
  },
  {
    name: 'msteams with a legacy connector address',
    spec: { type: 'msteams', address: 'https://xyz.webhook.office.com/webhookb2/abc' },
    reason: 'Succeeded',
  },
  {
    name: 'msteams whose Secret has no address',
    spec: { type: 'msteams', secretRef: { name: 'msteams-webhook' } },
    secrets: [secret('msteams-webhook', { token: 'unused' })],
    reason: 'InvalidURL',
    message:
      "Provider has no address: set spec.address or the 'address' key of Secret 'msteams-webhook'",
  },
  {
    name: 'discord with its webhook in the Secret',
    spec: { type: 'discord', secretRef: { name: 'discord-webhook' } },
    secrets: [secret('discord-webhook', { address: 'https://discord.com/api/webhooks/1/tok' })],
    reason: 'Succeeded',
  },
  {
    name: 'rocket with its webhook in the Secret',
    spec: { type: 'rocket', secretRef: { name: 'rocket-webhook' } },
    secrets: [secret('rocket-webhook', { address: 'https://chat.example.com/hooks/id/token' })],
    reason: 'Succeeded',
  },
  {
    name: 'googlechat with its webhook in the Secret',
    spec: { type: 'googlechat', secretRef: { name: 'google-webhook' } },
    secrets: [
      secret('google-webhook', {
        address: 'https://chat.googleapis.com/v1/spaces/AAA/messages?key=k&token=t',
      }),
    ],
    reason: 'Succeeded',
  },
  webexCase('webex with address, room and bot token', {}, { token: BOT_TOKEN }, 'Succeeded'),
  {
    name: 'webex without a Secret',
    spec: { type: 'webex', address: WEBEX_API, channel: ROOM },
    reason: 'SecretKeyMissing',
    message: "webex posts as a bot: no 'token' key in spec.secretRef (not set)",
  },
  webexCase(
    'webex whose Secret has no token',
    {},
    { address: WEBEX_API },
    'SecretKeyMissing',
    "webex posts as a bot: no 'token' key in Secret 'webex-token'",
  ),
  webexCase(
    'webex whose token is only a line break',
    {},
    { token: '\n' },
    'SecretKeyMissing',
    "the 'token' key of Secret 'webex-token' is empty",
  ),
  webexCase(
    'webex without a channel',
    { channel: undefined },
    { token: BOT_TOKEN },
    'SecretKeyMissing',
    'webex posts to a room: spec.channel (the room ID) is not set',
  ),
  webexCase('webex without an address', { address: undefined }, { token: BOT_TOKEN }, 'InvalidURL'),
];

for (const { name, spec, secrets = [], reason, message } of cases) {
  test(`${name} → ${reason}`, () => {
    const readiness = providerReadinessWith(spec, secrets);
    assert.equal(readiness.reason, reason, readiness.message);
    assert.equal(readiness.ready, reason === 'Succeeded');
    if (message !== undefined) assert.equal(readiness.message, message);
    assert.ok(!readiness.message.includes(BOT_TOKEN), readiness.message);
  });
}
