import { createGoogleChatNotifier, GOOGLECHAT_MESSAGE_LIMIT } from '../notifiers/googlechat.js';
import type { ProviderDescriptor } from './provider-descriptor.js';

export const GOOGLECHAT_PROVIDER: ProviderDescriptor = {
  type: 'googlechat',
  class: 'chat',
  messageLimit: GOOGLECHAT_MESSAGE_LIMIT,
  // Incoming webhooks: 1 request per second per space:
  // https://developers.google.com/workspace/chat/limits
  documentedRate: { perSecond: 1, burst: 1 },
  rateLimits: '429 retried, honouring Retry-After',
  readme: {
    delivers:
      "Flux's Google Chat card (object, controller, message, metadata) to an incoming webhook; the message cut so the card fits 32,000 bytes",
    credentials: '`address` (webhook URL, with its `key` and `token`)',
  },
  createNotifier: createGoogleChatNotifier,
};
