import { FLUX_RETRY_POLICY } from '../http/retry-policy.js';
import type { MessageLimit } from '../providers/provider-descriptor.js';
import { createClosableNotifier } from './closable-notifier.js';
import type { Notifier, NotifierDeps, ProviderTarget } from './notifier.js';
import { encodeSlackPayload, slackPayloadOptionsOf, type SlackFlavour } from './slack-payload.js';
import { createTargetPoster, type PlatformQuirks } from './target-poster.js';
import type { CheckedTarget } from './target-validation.js';
import { truncateText } from './truncate-text.js';

/** Where and how a platform that speaks Slack's webhook format (Discord, Rocket.Chat) is fed. */
export interface SlackShapedDelivery {
  readonly flavour: SlackFlavour;
  readonly url: string;
  /** The most the platform takes of the attachment text. */
  readonly limit: MessageLimit;
  readonly quirks?: PlatformQuirks;
  /** How long the platform says the destination's budget is spent, from a delivery's headers. */
  readonly budgetSpentMs?: (
    headers: Readonly<Record<string, string | undefined>>,
  ) => number | undefined;
}

/** Posts Flux's Slack-shaped message as `delivery.flavour` fills it, its text cut to the limit. */
export function createSlackShapedNotifier(
  target: ProviderTarget,
  checked: CheckedTarget,
  deps: NotifierDeps,
  delivery: SlackShapedDelivery,
): Notifier {
  const poster = createTargetPoster(target, checked, deps, FLUX_RETRY_POLICY, delivery.quirks);
  const options = slackPayloadOptionsOf(target);
  return createClosableNotifier(
    `Provider ${target.namespace}/${target.name} (${target.type})`,
    async (event, signal) => {
      const message = truncateText(event.message, delivery.limit);
      const body = encodeSlackPayload({ ...event, message }, options, delivery.flavour);
      const receipt = await poster.post({ url: delivery.url, body }, signal);
      const spentMs = delivery.budgetSpentMs?.(receipt.headers);
      if (spentMs !== undefined) deps.onBudgetSpent?.(spentMs);
    },
  );
}
