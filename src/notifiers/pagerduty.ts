import { FLUX_RETRY_POLICY } from '../http/retry-policy.js';
import { createClosableNotifier } from './closable-notifier.js';
import type { Notifier, NotifierDeps, ProviderTarget } from './notifier.js';
import { encodePagerDutyChangeEvent, encodePagerDutyEvent } from './pagerduty-payload.js';
import { createTargetPoster } from './target-poster.js';
import { checkTarget, requiredSetting } from './target-validation.js';

/** Flux's reason for a reconciliation under way: neither a success nor a failure to page on. */
const PROGRESSING_REASON = 'Progressing';

/**
 * PagerDuty's Events API v2 at the address's scheme and host (its path is dropped, as Flux
 * does): every event but a `Progressing` one goes to `/v2/enqueue` (an error triggers, anything
 * else resolves), and an info event then goes to `/v2/change/enqueue` as a change event too.
 * The routing key is the Provider's channel.
 */
export function createPagerDutyNotifier(target: ProviderTarget, deps: NotifierDeps): Notifier {
  const checked = checkTarget(target);
  const routingKey = requiredSetting(
    target,
    'channel',
    'PagerDuty needs the integration (routing) key in spec.channel',
  );
  const poster = createTargetPoster(target, checked, deps, FLUX_RETRY_POLICY);
  const origin = `${checked.address.protocol}//${checked.address.host}`;
  return createClosableNotifier(
    `Provider ${target.namespace}/${target.name} (pagerduty)`,
    async (event, signal) => {
      if (event.reason === PROGRESSING_REASON) return;
      const body = encodePagerDutyEvent(event, routingKey);
      await poster.post({ url: `${origin}/v2/enqueue`, body }, signal);
      if (event.severity !== 'info') return;
      const change = encodePagerDutyChangeEvent(event, routingKey);
      await poster.post({ url: `${origin}/v2/change/enqueue`, body: change }, signal);
    },
  );
}
