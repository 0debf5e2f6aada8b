import { readSecretString } from '../api/secret.js';
import { createZulipNotifier, zulipDestinationOf } from '../notifiers/zulip.js';
import type { MessageLimit, ProviderDescriptor } from './provider-descriptor.js';

/**
 * Zulip's `max_message_length`, 10,000 characters by default
 * (https://zulip.com/api/send-message): the server cuts longer messages itself, without saying
 * how much went missing.
 */
export const ZULIP_MESSAGE_LIMIT: MessageLimit = {
  max: 10_000,
  unit: 'characters',
  of: 'the message content',
};

export const ZULIP_PROVIDER: ProviderDescriptor = {
  type: 'zulip',
  class: 'chat',
  checkCredentials: ({ channel, username, password }, secret, named) => {
    if (zulipDestinationOf(channel) === undefined)
      return 'zulip posts to a stream and topic: set spec.channel to <stream>/<topic>';
    if (!username) {
      const inSecret = secret !== undefined && readSecretString(secret, 'username') !== undefined;
      return inSecret
        ? `the 'username' key of ${named} is empty`
        : `zulip signs in as a bot: no 'username' key (the bot's email) in ${named}, and no spec.username`;
    }
    return password
      ? undefined
      : `zulip signs in as a bot: no 'password' key (its API key) in ${named}`;
  },
  messageLimit: ZULIP_MESSAGE_LIMIT,
  rateLimits: '429 retried, honouring Retry-After or `retry-after` in the body',
  readme: {
    delivers:
      "Flux's Markdown post (`## Flux Status`, metadata list) as a form to `<address origin>/api/v1/messages`, `type=stream`; content cut to 10,000 characters",
    credentials:
      '`username` (bot email), `password` (API key), Basic auth; `channel` in the spec: `<stream>/<topic>`',
  },
  createNotifier: (target, deps) => createZulipNotifier(target, deps, ZULIP_MESSAGE_LIMIT),
};
