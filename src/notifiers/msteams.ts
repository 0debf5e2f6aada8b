import type { MessageLimit } from '../providers/provider-descriptor.js';
import { createFittedCardNotifier } from './fitted-card-notifier.js';
import { encodeAdaptiveCard } from './msteams-adaptive-card.js';
import { encodeMessageCard } from './msteams-message-card.js';
import type { Notifier, NotifierDeps, ProviderTarget } from './notifier.js';
import { checkTarget } from './target-validation.js';

/**
 * Teams refuses messages over about 28 KB, the whole card counted (Microsoft's documentation
 * of incoming webhooks and Workflows); 28,000 bytes stays below it whichever "KB" is meant.
 */
export const MSTEAMS_MESSAGE_LIMIT: MessageLimit = {
  max: 28_000,
  unit: 'bytes',
  of: 'the whole card',
};

/**
 * Whether an address is a legacy Office 365 connector, which takes a MessageCard; Workflows
 * (Power Automate) addresses take an Adaptive Card. Flux decides on the host name alone:
 * `*.webhook.office.com` (the port aside).
 */
export function isLegacyTeamsConnector(address: URL): boolean {
  return address.hostname.endsWith('.webhook.office.com');
}

/** Posts Flux's Teams card, the event message cut so that the card fits Teams' limit. */
export function createMsTeamsNotifier(target: ProviderTarget, deps: NotifierDeps): Notifier {
  const checked = checkTarget(target);
  const encode = isLegacyTeamsConnector(checked.address) ? encodeMessageCard : encodeAdaptiveCard;
  return createFittedCardNotifier(target, checked, deps, encode, MSTEAMS_MESSAGE_LIMIT);
}
