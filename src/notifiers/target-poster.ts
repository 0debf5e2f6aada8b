import { createJsonPoster, type JsonPoster, type JsonPosterOptions } from '../http/post-json.js';
import type { RetryPolicy } from '../http/retry-policy.js';
import type { NotifierDeps, ProviderTarget } from './notifier.js';
import { secretsOf, type CheckedTarget } from './target-validation.js';

/**
 * How a platform answers beyond status codes: refusals in a 2xx body, waits in a 429 body, its
 * reason for a final refusal.
 */
export type PlatformQuirks = Pick<
  JsonPosterOptions,
  'validateResponse' | 'retryAfterOf' | 'explainRejection'
>;

/** The one outbound HTTP client of a provider, wired with its timeout, proxy, TLS and secrets. */
export function createTargetPoster(
  target: ProviderTarget,
  checked: CheckedTarget,
  deps: NotifierDeps,
  retryPolicy: RetryPolicy,
  quirks: PlatformQuirks = {},
): JsonPoster {
  const provider = `${target.namespace}/${target.name}`;
  const { onRetry, onRefusedResponse } = deps;
  const poster = createJsonPoster({
    timeoutMs: target.timeoutMs,
    retryPolicy,
    ...(checked.proxy === undefined ? {} : { proxy: checked.proxy }),
    ...(target.tls === undefined ? {} : { tls: target.tls }),
    ...quirks,
    secrets: secretsOf(target),
    clock: deps.clock,
    allowLinkLocal: deps.allowLinkLocal === true,
    ...(onRetry === undefined
      ? {}
      : {
          onRetry: (notice) => {
            onRetry(provider, notice);
          },
        }),
    ...(onRefusedResponse === undefined
      ? {}
      : {
          onRefusedResponse: (notice) => {
            onRefusedResponse(provider, notice);
          },
        }),
  });
  deps.releaseOnClose?.(() => {
    poster.close();
  });
  return poster;
}
