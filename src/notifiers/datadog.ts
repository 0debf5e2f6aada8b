import type { AttemptResponse } from '../http/send-attempt.js';
import { FLUX_RETRY_POLICY } from '../http/retry-policy.js';
import { createClosableNotifier } from './closable-notifier.js';
import { encodeDatadogEvent } from './datadog-payload.js';
import type { Notifier, NotifierDeps, ProviderTarget } from './notifier.js';
import { createTargetPoster } from './target-poster.js';
import { checkTarget, configError } from './target-validation.js';

/** The Events API v1 path Flux's Datadog client posts to, on the address's scheme and host. */
export const DATADOG_EVENTS_PATH = '/api/v1/events';

/**
 * Datadog's rate-limit answer: a 429 whose `X-RateLimit-Reset` says in how many seconds the
 * window reopens (https://docs.datadoghq.com/api/latest/rate-limits/); it sends no Retry-After.
 */
export function datadogRateLimitResetMs(response: AttemptResponse): number | undefined {
  const reset = response.headers['x-ratelimit-reset'];
  if (reset === undefined || !/^\d+$/.test(reset.trim())) return undefined;
  return Number(reset.trim()) * 1_000;
}

/**
 * Posts Flux's Datadog event to `<scheme>://<host>/api/v1/events` of the address (the site:
 * `https://api.datadoghq.com`, `https://api.datadoghq.eu`…), the API key in `DD-API-KEY`.
 */
export function createDatadogNotifier(target: ProviderTarget, deps: NotifierDeps): Notifier {
  if (target.token === undefined || target.token === '') {
    throw configError(target, 'HERALD_PROVIDER_MISSING_TOKEN', 'Datadog needs an API key (token)');
  }
  const checked = checkTarget(target);
  const poster = createTargetPoster(target, checked, deps, FLUX_RETRY_POLICY, {
    retryAfterOf: datadogRateLimitResetMs,
  });
  // As Flux's client: only the scheme and host of the address count.
  const url = `${checked.address.protocol}//${checked.address.host}${DATADOG_EVENTS_PATH}`;
  const headers = { Accept: 'application/json', 'DD-API-KEY': target.token };
  return createClosableNotifier(
    `Provider ${target.namespace}/${target.name} (datadog)`,
    async (event, signal) => {
      await poster.post({ url, body: encodeDatadogEvent(event), headers }, signal);
    },
  );
}
