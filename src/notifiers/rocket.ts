import { FLUX_RETRY_POLICY } from '../http/retry-policy.js';
import type { MessageLimit } from '../providers/provider-descriptor.js';
import { createClosableNotifier } from './closable-notifier.js';
import type { Notifier, NotifierDeps, ProviderTarget } from './notifier.js';
import { encodeSlackPayload, slackPayloadOptionsOf } from './slack-payload.js';
import { createTargetPoster } from './target-poster.js';
import { checkTarget } from './target-validation.js';
import { truncateText } from './truncate-text.js';

/**
 * Rocket.Chat's `Message_MaxAllowedSize` setting, 5,000 characters unless the server's
 * administrator changed it.
 */
export const ROCKET_MESSAGE_LIMIT: MessageLimit = {
  max: 5_000,
  unit: 'characters',
  of: 'the message text',
};

/** Posts Flux's Slack-shaped Rocket.Chat message to an incoming webhook. */
export function createRocketNotifier(target: ProviderTarget, deps: NotifierDeps): Notifier {
  const checked = checkTarget(target);
  const poster = createTargetPoster(target, checked, deps, FLUX_RETRY_POLICY);
  const options = slackPayloadOptionsOf(target);
  return createClosableNotifier(
    `Provider ${target.namespace}/${target.name} (rocket)`,
    async (event, signal) => {
      const message = truncateText(event.message, ROCKET_MESSAGE_LIMIT);
      const body = encodeSlackPayload({ ...event, message }, options, 'rocket');
      await poster.post({ url: target.address, body }, signal);
    },
  );
}
