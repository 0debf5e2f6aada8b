import type { MessageLimit } from '../providers/provider-descriptor.js';
import { createFittedCardNotifier } from './fitted-card-notifier.js';
import { encodeGoogleChatPayload } from './googlechat-payload.js';
import type { Notifier, NotifierDeps, ProviderTarget } from './notifier.js';
import { checkTarget } from './target-validation.js';

/** Google Chat's limit on a message, text and cards together: 32,000 bytes. */
export const GOOGLECHAT_MESSAGE_LIMIT: MessageLimit = {
  max: 32_000,
  unit: 'bytes',
  of: 'the whole message',
};

/** Posts Flux's Google Chat card to an incoming webhook, its message cut to fit the limit. */
export function createGoogleChatNotifier(target: ProviderTarget, deps: NotifierDeps): Notifier {
  return createFittedCardNotifier(
    target,
    checkTarget(target),
    deps,
    encodeGoogleChatPayload,
    GOOGLECHAT_MESSAGE_LIMIT,
  );
}
