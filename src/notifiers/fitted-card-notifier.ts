import type { FluxEvent } from '../api/event.js';
import { FLUX_RETRY_POLICY } from '../http/retry-policy.js';
import type { MessageLimit } from '../providers/provider-descriptor.js';
import { createClosableNotifier } from './closable-notifier.js';
import type { Notifier, NotifierDeps, ProviderTarget } from './notifier.js';
import { createTargetPoster } from './target-poster.js';
import type { CheckedTarget } from './target-validation.js';
import { truncateToFit } from './truncate-to-fit.js';

/**
 * A notifier that posts one card per event to the Provider's address, for platforms whose
 * limit counts the whole body (Teams, Google Chat): the event message is cut, marker and all,
 * so that the encoded card fits `limit`.
 */
export function createFittedCardNotifier(
  target: ProviderTarget,
  checked: CheckedTarget,
  deps: NotifierDeps,
  encode: (event: FluxEvent) => Buffer,
  limit: MessageLimit,
): Notifier {
  const poster = createTargetPoster(target, checked, deps, FLUX_RETRY_POLICY);
  const withMessage = (event: FluxEvent, message: string) => encode({ ...event, message });
  return createClosableNotifier(
    `Provider ${target.namespace}/${target.name} (${target.type})`,
    async (event, signal) => {
      const message = truncateToFit(
        event.message,
        limit,
        (text) => withMessage(event, text).length,
      );
      await poster.post({ url: target.address, body: withMessage(event, message) }, signal);
    },
  );
}
