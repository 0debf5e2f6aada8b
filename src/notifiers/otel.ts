import { randomBytes } from 'node:crypto';
import { DeliveryError } from '../http/delivery-error.js';
import { mergeHeaders } from '../http/merge-headers.js';
import type { ResponseValidator } from '../http/post-json.js';
import { FLUX_RETRY_POLICY } from '../http/retry-policy.js';
import { createClosableNotifier } from './closable-notifier.js';
import type { Notifier, NotifierDeps, ProviderTarget } from './notifier.js';
import { encodeOtelSpan } from './otel-span.js';
import { createTargetPoster } from './target-poster.js';
import { checkTarget } from './target-validation.js';

/**
 * A collector answers 200 even when it dropped spans, saying so in `partialSuccess`
 * (https://opentelemetry.io/docs/specs/otlp/#partial-success-1). Its `errorMessage` is the
 * receiver's text and stays out of the error.
 */
export const validateOtlpResponse: ResponseValidator = (response) => {
  let parsed: unknown;
  try {
    parsed = JSON.parse(response.body.toString('utf8'));
  } catch {
    return undefined; // an empty or protobuf answer to a JSON request: nothing refused
  }
  if (typeof parsed !== 'object' || parsed === null || !('partialSuccess' in parsed))
    return undefined;
  const partial = parsed.partialSuccess;
  const rejected =
    typeof partial === 'object' && partial !== null && 'rejectedSpans' in partial
      ? Number(partial.rejectedSpans)
      : 0;
  return rejected > 0 ? 'the collector rejected the span (partialSuccess)' : undefined;
};

/**
 * The `Authorization` Flux's OTel notifier adds when the Secret's headers set none: Basic with
 * the username and password, else the password as a bearer token.
 */
function authorizationOf(target: ProviderTarget): Record<string, string> {
  const { username, password } = target;
  if (password === undefined || password === '') return {};
  if (username === undefined || username === '') return { Authorization: `Bearer ${password}` };
  const basic = Buffer.from(`${username}:${password}`, 'utf8').toString('base64');
  return { Authorization: `Basic ${basic}` };
}

/**
 * Exports one span per event, as Flux builds it, to the OTLP/HTTP traces endpoint at the
 * address (`http://collector:4318/v1/traces`), in OTLP's JSON encoding. Events Flux's notifier
 * skips are skipped: commit-status updates and HelmRepository events.
 */
export function createOtelNotifier(target: ProviderTarget, deps: NotifierDeps): Notifier {
  const checked = checkTarget(target);
  const poster = createTargetPoster(target, checked, deps, FLUX_RETRY_POLICY, {
    validateResponse: validateOtlpResponse,
  });
  // The Secret's own Authorization header wins, as in Flux.
  const headers = mergeHeaders(authorizationOf(target), target.headers);
  const owner = `Provider ${target.namespace}/${target.name} (otel)`;
  return createClosableNotifier(owner, async (event, signal, { alert }) => {
    if (event.metadata?.commit_status === 'update') return;
    if (event.involvedObject.kind === 'HelmRepository') return;
    if (alert === undefined) {
      // Flux's notifier names the service and trace by the Alert; without one it fails too.
      throw new DeliveryError(
        'HERALD_DELIVERY_REJECTED',
        `${owner}: no Alert to name the trace by`,
        {
          attempts: 0,
        },
      );
    }
    const body = encodeOtelSpan(event, {
      alert,
      spanId: randomBytes(8).toString('hex'),
      endedAtMs: deps.clock.now(),
    });
    await poster.post({ url: target.address, body, headers }, signal);
  });
}
