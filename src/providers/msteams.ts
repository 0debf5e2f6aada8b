import { createMsTeamsNotifier, MSTEAMS_MESSAGE_LIMIT } from '../notifiers/msteams.js';
import type { ProviderDescriptor } from './provider-descriptor.js';

export const MSTEAMS_PROVIDER: ProviderDescriptor = {
  type: 'msteams',
  class: 'chat',
  messageLimit: MSTEAMS_MESSAGE_LIMIT,
  rateLimits: '429 retried, honouring Retry-After',
  readme: {
    delivers:
      "Flux's Teams card: an Adaptive Card to Workflows (Power Automate) addresses, the legacy MessageCard to `*.webhook.office.com`; the message cut so the card fits 28,000 bytes",
    credentials: '`address` (webhook URL)',
  },
  createNotifier: createMsTeamsNotifier,
};
