import { FLUX_RETRY_POLICY } from '../http/retry-policy.js';
import { encodeAlertmanagerAlerts } from './alertmanager-payload.js';
import { createClosableNotifier } from './closable-notifier.js';
import type { Notifier, NotifierDeps, ProviderTarget } from './notifier.js';
import { createTargetPoster } from './target-poster.js';
import { checkTarget } from './target-validation.js';

/**
 * Flux's credentials for Alertmanager: `Authorization: Bearer <token>`, replaced by Basic auth
 * when both a username and a password are set (Flux adds the bearer header, then sets Basic).
 * Credentials in the address's userinfo are sent as Basic auth by the HTTP client.
 */
export function alertmanagerAuthorization(target: ProviderTarget): Record<string, string> {
  const { username, password, token } = target;
  if (username !== undefined && username !== '' && password !== undefined && password !== '') {
    return {
      Authorization: `Basic ${Buffer.from(`${username}:${password}`, 'utf8').toString('base64')}`,
    };
  }
  return token === undefined || token === '' ? {} : { Authorization: `Bearer ${token}` };
}

/** POSTs one firing alert per event to Alertmanager's `/api/v2/alerts` (the address). */
export function createAlertmanagerNotifier(target: ProviderTarget, deps: NotifierDeps): Notifier {
  const checked = checkTarget(target);
  const poster = createTargetPoster(target, checked, deps, FLUX_RETRY_POLICY);
  const headers = alertmanagerAuthorization(target);
  return createClosableNotifier(
    `Provider ${target.namespace}/${target.name} (alertmanager)`,
    async (event, signal) => {
      const body = encodeAlertmanagerAlerts(event);
      await poster.post({ url: target.address, body, headers }, signal);
    },
  );
}
