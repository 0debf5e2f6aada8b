import { createMsTeamsNotifier, MSTEAMS_MESSAGE_LIMIT } from '../notifiers/msteams.js';
import type { ProviderDescriptor } from './provider-descriptor.js';

export const MSTEAMS_PROVIDER: ProviderDescriptor = {
  type: 'msteams',
  class: 'chat',
  messageLimit: MSTEAMS_MESSAGE_LIMIT,
  // Connectors and Workflows webhooks: 4 requests per second per webhook:
  // https://learn.microsoft.com/microsoftteams/platform/webhooks-and-connectors/how-to/connectors-using#rate-limiting-for-connectors
  documentedRate: { perSecond: 4, burst: 4 },
  rateLimits: '429 retried, honouring Retry-After',
  readme: {
    delivers:
      "Flux's Teams card: an Adaptive Card to Workflows (Power Automate) addresses, the legacy MessageCard to `*.webhook.office.com`; the message cut so the card fits 28,000 bytes",
    credentials: '`address` (webhook URL)',
  },
  createNotifier: createMsTeamsNotifier,
};
