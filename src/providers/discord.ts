import { createDiscordNotifier, DISCORD_MESSAGE_LIMIT } from '../notifiers/discord.js';
import type { ProviderDescriptor } from './provider-descriptor.js';

export const DISCORD_PROVIDER: ProviderDescriptor = {
  type: 'discord',
  class: 'chat',
  messageLimit: DISCORD_MESSAGE_LIMIT,
  // Webhooks answer with X-RateLimit-Limit 5 per X-RateLimit-Reset-After 2 s:
  // https://discord.com/developers/docs/topics/rate-limits
  documentedRate: { perSecond: 2.5, burst: 5 },
  rateLimits:
    "429 retried, honouring Retry-After, else the body's `retry_after` or `X-RateLimit-Reset-After`",
  readme: {
    delivers:
      "Flux's Slack-shaped message to the webhook's Slack-compatible endpoint (`/slack` appended); the message cut at 2,000 characters",
    credentials: '`address` (webhook URL)',
  },
  createNotifier: createDiscordNotifier,
};
