import { posix } from 'node:path';
import type { MessageLimit } from '../providers/provider-descriptor.js';
import { discordBudgetSpentMs, discordRetryAfterMs } from './discord-rate-limit.js';
import type { Notifier, NotifierDeps, ProviderTarget } from './notifier.js';
import { createSlackShapedNotifier } from './slack-shaped-notifier.js';
import { checkTarget } from './target-validation.js';

/** Discord's limit on a message's content: 2,000 characters. */
export const DISCORD_MESSAGE_LIMIT: MessageLimit = {
  max: 2_000,
  unit: 'characters',
  of: 'the message text',
};

/**
 * Discord's Slack-compatible endpoint for a webhook address, as Flux builds it: `/slack`
 * joined to the path unless the address already ends with it (the query, if any, counts as
 * the end, as in Flux).
 */
export function discordSlackEndpoint(address: URL): string {
  if (address.href.endsWith('/slack')) return address.href;
  const endpoint = new URL(address);
  endpoint.pathname = posix.join(endpoint.pathname, 'slack');
  return endpoint.href;
}

/** Posts Flux's Slack-shaped message to Discord's Slack-compatible webhook endpoint. */
export function createDiscordNotifier(target: ProviderTarget, deps: NotifierDeps): Notifier {
  const checked = checkTarget(target);
  return createSlackShapedNotifier(target, checked, deps, {
    flavour: 'discord',
    url: discordSlackEndpoint(checked.address),
    limit: DISCORD_MESSAGE_LIMIT,
    quirks: { retryAfterOf: discordRetryAfterMs },
    budgetSpentMs: discordBudgetSpentMs,
  });
}
