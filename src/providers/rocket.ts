import { createRocketNotifier, ROCKET_MESSAGE_LIMIT } from '../notifiers/rocket.js';
import type { ProviderDescriptor } from './provider-descriptor.js';

export const ROCKET_PROVIDER: ProviderDescriptor = {
  type: 'rocket',
  class: 'chat',
  messageLimit: ROCKET_MESSAGE_LIMIT,
  rateLimits: '429 retried, honouring Retry-After',
  readme: {
    delivers:
      "Flux's Slack-shaped Rocket.Chat message (colour `#0076D7`, `#FF0000` for errors) to an incoming webhook; the message cut at 5,000 characters (the server's default)",
    credentials: '`address` (webhook URL)',
  },
  createNotifier: createRocketNotifier,
};
