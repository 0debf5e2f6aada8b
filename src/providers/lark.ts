import { createLarkNotifier } from '../notifiers/lark.js';
import type { MessageLimit, ProviderDescriptor } from './provider-descriptor.js';

/**
 * A custom bot's request body may not exceed 20 KB
 * (https://open.larksuite.com/document/client-docs/bot-v3/add-custom-bot).
 */
export const LARK_MESSAGE_LIMIT: MessageLimit = {
  max: 20 * 1024,
  unit: 'bytes',
  of: 'the request body',
};

export const LARK_PROVIDER: ProviderDescriptor = {
  type: 'lark',
  class: 'chat',
  messageLimit: LARK_MESSAGE_LIMIT,
  rateLimits: '429 retried, honouring Retry-After; a 200 with a non-zero `code` is a final refusal',
  readme: {
    delivers:
      "Flux's interactive card (header, `lark_md` text with the metadata) to a custom bot's webhook; body cut to 20 KB",
    credentials: '`address` (webhook URL)',
  },
  createNotifier: (target, deps) => createLarkNotifier(target, deps, LARK_MESSAGE_LIMIT),
};
