import { createWebexNotifier, WEBEX_MESSAGE_LIMIT } from '../notifiers/webex.js';
import type { ProviderDescriptor } from './provider-descriptor.js';

export const WEBEX_PROVIDER: ProviderDescriptor = {
  type: 'webex',
  class: 'chat',
  // The bot's token authenticates the post; the room is spec.channel.
  checkCredentials: ({ token, channel }, _secret, named) => {
    if (token === undefined) return `webex posts as a bot: no 'token' key in ${named}`;
    if (token === '') return `the 'token' key of ${named} is empty`;
    return channel === undefined
      ? 'webex posts to a room: spec.channel (the room ID) is not set'
      : undefined;
  },
  messageLimit: WEBEX_MESSAGE_LIMIT,
  rateLimits: '429 retried, honouring Retry-After',
  readme: {
    delivers:
      "Flux's Markdown message to the Messages API (`https://webexapis.com/v1/messages`) for the room in `spec.channel`; the message cut so the Markdown fits 7,439 bytes",
    credentials: '`token` (bot token, `Authorization: Bearer`, required), `address`',
  },
  createNotifier: createWebexNotifier,
};
