import type { MessageLimit } from '../providers/provider-descriptor.js';
import type { Notifier, NotifierDeps, ProviderTarget } from './notifier.js';
import { createSlackShapedNotifier } from './slack-shaped-notifier.js';
import { checkTarget } from './target-validation.js';

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
  return createSlackShapedNotifier(target, checked, deps, {
    flavour: 'rocket',
    url: target.address,
    limit: ROCKET_MESSAGE_LIMIT,
  });
}
