import { FLUX_RETRY_POLICY } from '../http/retry-policy.js';
import { createClosableNotifier } from './closable-notifier.js';
import type { Notifier, NotifierDeps, ProviderTarget } from './notifier.js';
import { createTargetPoster } from './target-poster.js';
import { requiredToken } from './required-token.js';
import { checkTarget } from './target-validation.js';
import { goFormEncode } from './url-encoding.js';
import { encodeZoomPayload } from './zoom-payload.js';

/**
 * The webhook URL with `format=full` (the rich message format) unless it already names a
 * format; the query is then written again as Go's `url.Values.Encode` writes it, keys sorted.
 */
export function zoomWebhookUrl(address: URL): string {
  const url = new URL(address.href);
  if (url.searchParams.get('format')) return url.href;
  const pairs = [...url.searchParams].filter(([key]) => key !== 'format');
  url.search = goFormEncode([...pairs, ['format', 'full']]);
  return url.href;
}

/**
 * Posts Flux's rich message to a Zoom Team Chat Incoming Webhook, with the connection's
 * verification token as the raw `Authorization` value, as Zoom's webhook takes it.
 */
export function createZoomNotifier(target: ProviderTarget, deps: NotifierDeps): Notifier {
  const checked = checkTarget(target);
  const url = zoomWebhookUrl(checked.address);
  const headers = { Authorization: requiredToken(target, 'the verification token') };
  const poster = createTargetPoster(target, checked, deps, FLUX_RETRY_POLICY);
  return createClosableNotifier(
    `Provider ${target.namespace}/${target.name} (zoom)`,
    async (event, signal) => {
      await poster.post({ url, body: encodeZoomPayload(event), headers }, signal);
    },
  );
}
