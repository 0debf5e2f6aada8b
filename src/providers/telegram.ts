import { createTelegramNotifier } from '../notifiers/telegram.js';
import type { MessageLimit, ProviderDescriptor } from './provider-descriptor.js';

/**
 * `sendMessage` takes 1-4096 characters of text "after entities parsing"
 * (https://core.telegram.org/bots/api#sendmessage): the text as shown, MarkdownV2 escapes and
 * markup not counted.
 */
export const TELEGRAM_MESSAGE_LIMIT: MessageLimit = {
  max: 4_096,
  unit: 'characters',
  of: 'the text as shown',
};

export const TELEGRAM_PROVIDER: ProviderDescriptor = {
  type: 'telegram',
  class: 'chat',
  checkCredentials: ({ token, channel }, _secret, named) => {
    if (!token) return `telegram posts as a bot: no 'token' key in ${named}`;
    return channel?.split(':', 1)[0]
      ? undefined
      : "telegram needs a chat: set spec.channel to a chat id or '@channel' (':<topic id>' for a forum topic)";
  },
  messageLimit: TELEGRAM_MESSAGE_LIMIT,
  // "Avoid sending more than one message per second" in one chat:
  // https://core.telegram.org/bots/faq#my-bot-is-hitting-limits-how-do-i-avoid-this
  documentedRate: { perSecond: 1, burst: 1 },
  rateLimits:
    '429 retried, honouring `parameters.retry_after` in the body (or Retry-After); `ok: false` is a final refusal',
  readme: {
    delivers:
      "Flux's MarkdownV2 message to the Bot API's `<address>/bot<token>/sendMessage` (address `https://api.telegram.org`); text cut to 4,096 characters",
    credentials:
      '`token` (bot token, required); `channel` in the spec: chat id, `@channel`, `<chat>:<topic>`',
  },
  createNotifier: (target, deps) => createTelegramNotifier(target, deps, TELEGRAM_MESSAGE_LIMIT),
};
