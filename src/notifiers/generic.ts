import { createHmac } from 'node:crypto';
import { mergeHeaders } from '../http/merge-headers.js';
import { FLUX_RETRY_POLICY } from '../http/retry-policy.js';
import { encodeFluxEventJson } from './flux-event-json.js';
import { createClosableNotifier } from './closable-notifier.js';
import type { Notifier, NotifierDeps, ProviderTarget } from './notifier.js';
import { createTargetPoster } from './target-poster.js';
import { checkTarget } from './target-validation.js';

/** Names the Flux controller an event came from, as Flux's forwarder does. */
export const NOTIFICATION_HEADER = 'gotk-component';
/**
 * Names the notification, the same on every attempt and after a restart with a spool: a
 * receiver that keeps the last ones seen can drop a repeat. Herald only.
 */
export const DELIVERY_ID_HEADER = 'X-Herald-Delivery';
/** `sha256=<hex HMAC-SHA256 of the body>`, sent by generic-hmac. */
export const SIGNATURE_HEADER = 'X-Signature';

/** `sha256=<hex>`: the value a generic-hmac receiver recomputes over the raw body. */
export function signatureOf(body: Buffer, key: string): string {
  return `sha256=${createHmac('sha256', key).update(body).digest('hex')}`;
}

/**
 * Flux's generic forwarder: POSTs the event itself, byte-compatible with Flux. Headers in
 * Flux's order of precedence: `gotk-component`, then the secret's headers (which may override
 * it), then, when `signingKey` is given (generic-hmac), the signature.
 */
export function createGenericNotifier(
  target: ProviderTarget,
  deps: NotifierDeps,
  signingKey?: string,
): Notifier {
  const checked = checkTarget(target);
  const poster = createTargetPoster(target, checked, deps, FLUX_RETRY_POLICY);
  return createClosableNotifier(
    `Provider ${target.namespace}/${target.name} (${target.type})`,
    async (event, signal, { deliveryId }) => {
      const body = encodeFluxEventJson(event);
      const headers = mergeHeaders(
        {
          [NOTIFICATION_HEADER]: event.reportingController,
          ...(deliveryId === undefined ? {} : { [DELIVERY_ID_HEADER]: deliveryId }),
        },
        target.headers,
        signingKey === undefined
          ? undefined
          : { [SIGNATURE_HEADER]: signatureOf(body, signingKey) },
      );
      await poster.post({ url: target.address, body, headers }, signal);
    },
  );
}
