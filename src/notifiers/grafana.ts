import {
  authorizationHeaders,
  basicAuthorization,
  bearerAuthorization,
} from './authorization-header.js';
import { encodeGrafanaAnnotation } from './grafana-payload.js';
import type { Notifier, NotifierDeps, ProviderTarget } from './notifier.js';
import { createPostingNotifier } from './posting-notifier.js';

/** Flux's order: a token (bearer) wins; Basic auth only with both a username and a password. */
export function grafanaAuthorization(target: ProviderTarget): Record<string, string> {
  return authorizationHeaders(
    bearerAuthorization(target.token),
    basicAuthorization(target.username, target.password),
  );
}

/** Posts one annotation per event to Grafana's annotations API (the address). */
export function createGrafanaNotifier(target: ProviderTarget, deps: NotifierDeps): Notifier {
  return createPostingNotifier(target, deps, {
    encode: encodeGrafanaAnnotation,
    headers: grafanaAuthorization(target),
  });
}
