import { encodeAlertmanagerAlerts } from './alertmanager-payload.js';
import {
  authorizationHeaders,
  basicAuthorization,
  bearerAuthorization,
} from './authorization-header.js';
import type { Notifier, NotifierDeps, ProviderTarget } from './notifier.js';
import { createPostingNotifier } from './posting-notifier.js';

/**
 * Flux's credentials for Alertmanager: `Authorization: Bearer <token>`, replaced by Basic auth
 * when both a username and a password are set (Flux adds the bearer header, then sets Basic).
 * Credentials in the address's userinfo are sent as Basic auth by the HTTP client.
 */
export function alertmanagerAuthorization(target: ProviderTarget): Record<string, string> {
  return authorizationHeaders(
    basicAuthorization(target.username, target.password),
    bearerAuthorization(target.token),
  );
}

/** POSTs one firing alert per event to Alertmanager's `/api/v2/alerts` (the address). */
export function createAlertmanagerNotifier(target: ProviderTarget, deps: NotifierDeps): Notifier {
  return createPostingNotifier(target, deps, {
    encode: encodeAlertmanagerAlerts,
    headers: alertmanagerAuthorization(target),
  });
}
