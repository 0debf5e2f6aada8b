import { FLUX_RETRY_POLICY } from '../http/retry-policy.js';
import { createClosableNotifier } from './closable-notifier.js';
import { encodeIncidentIoPayload } from './incident-io-payload.js';
import type { Notifier, NotifierDeps, ProviderTarget } from './notifier.js';
import { createTargetPoster } from './target-poster.js';
import { requiredToken } from './required-token.js';
import { checkTarget } from './target-validation.js';

/** Flux's `meta.ProgressingReason`: neither a failure nor a recovery, so no alert event. */
const PROGRESSING_REASON = 'Progressing';

/**
 * Posts Flux's alert event to an incident.io HTTP alert source (the address,
 * `https://api.incident.io/v2/alert_events/http/<alert source config id>`) with its token as a
 * bearer token. As Flux, `Progressing` events are not sent: they would resolve an alert that
 * nothing recovered.
 */
export function createIncidentIoNotifier(target: ProviderTarget, deps: NotifierDeps): Notifier {
  const checked = checkTarget(target);
  const headers = { Authorization: `Bearer ${requiredToken(target, 'the API token')}` };
  const poster = createTargetPoster(target, checked, deps, FLUX_RETRY_POLICY);
  return createClosableNotifier(
    `Provider ${target.namespace}/${target.name} (incident.io)`,
    async (event, signal) => {
      if (event.reason === PROGRESSING_REASON) return;
      const body = encodeIncidentIoPayload(event);
      await poster.post({ url: target.address, body, headers }, signal);
    },
  );
}
