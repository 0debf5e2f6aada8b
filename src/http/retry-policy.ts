/**
 * When to retry a delivery and how long to wait. Pure: no timers, no I/O, so every rule is
 * tested without sockets or sleeps.
 */
export interface RetryPolicy {
  /** Retries after the first attempt (so `maxRetries + 1` attempts at most). */
  readonly maxRetries: number;
  /** Backoff before the first retry; doubles per retry. */
  readonly minDelayMs: number;
  /** Backoff ceiling. */
  readonly maxDelayMs: number;
  /** Ceiling on a server's `Retry-After`, so one header cannot park a queue for hours. */
  readonly maxRetryAfterMs: number;
  /** Statuses worth another attempt; every other non-2xx status is final. */
  readonly isRetryableStatus: (status: number) => boolean;
  /** Retried statuses whose `Retry-After` replaces the backoff. */
  readonly honoursRetryAfter: (status: number) => boolean;
  /**
   * What the Provider's timeout bounds: the whole `delivery`, every attempt and wait included
   * (Flux sets it on the context of the notifier's post), or `each-attempt` on its own.
   */
  readonly timeoutBounds: 'delivery' | 'each-attempt';
}

/** Longest `Retry-After` honoured, for every policy: 5 minutes. */
export const MAX_RETRY_AFTER_MS = 5 * 60 * 1000;

/**
 * Flux's client (go-retryablehttp as Flux configures it): 2 s .. 30 s, 4 retries; 429 and 5xx
 * but 501 are retried, `Retry-After` is read on 429 and 503. The client has no timeout of its own: the Provider's timeout is a
 * deadline on the whole delivery, so a retry that cannot start before it never happens.
 */
export const FLUX_RETRY_POLICY: RetryPolicy = Object.freeze({
  maxRetries: 4,
  minDelayMs: 2_000,
  maxDelayMs: 30_000,
  maxRetryAfterMs: MAX_RETRY_AFTER_MS,
  isRetryableStatus: (status: number) => status === 429 || (status >= 500 && status !== 501),
  // go-retryablehttp reads Retry-After on these two only.
  honoursRetryAfter: (status: number) => status === 429 || status === 503,
  timeoutBounds: 'delivery',
});

/**
 * Loki (as Promtail/Alloy push to it): 0.5 s .. 5 min, 10 retries; 429 and every 5xx are
 * retried. A 400 is final: Loki may already have stored part of the batch. As Promtail's
 * client timeout, the Provider's timeout bounds each push, not the minutes of retries.
 */
export const LOKI_RETRY_POLICY: RetryPolicy = Object.freeze({
  maxRetries: 10,
  minDelayMs: 500,
  maxDelayMs: 5 * 60 * 1000,
  maxRetryAfterMs: MAX_RETRY_AFTER_MS,
  isRetryableStatus: (status: number) => status === 429 || status >= 500,
  honoursRetryAfter: () => true,
  timeoutBounds: 'each-attempt',
});

/**
 * Connection failures that another attempt cannot fix: the receiver's certificate is not
 * trusted (go-retryablehttp also stops on an unknown authority), or its address is refused.
 */
const FINAL_NETWORK_ERROR_CODES: ReadonlySet<string> = new Set([
  'HERALD_DELIVERY_ADDRESS_NOT_ALLOWED',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'CERT_REJECTED',
  'CERT_SIGNATURE_FAILURE',
  'CERT_UNTRUSTED',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'ERR_TLS_CERT_ALTNAME_INVALID',
  'HOSTNAME_MISMATCH',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
]);

/** What one attempt came to, as far as retrying is concerned. */
export type AttemptResult =
  | { readonly kind: 'response'; readonly status: number }
  | { readonly kind: 'network-error'; readonly code: string };

export type AttemptVerdict = 'delivered' | 'retry' | 'final';

export function judgeAttempt(policy: RetryPolicy, result: AttemptResult): AttemptVerdict {
  if (result.kind === 'network-error') {
    return FINAL_NETWORK_ERROR_CODES.has(result.code) ? 'final' : 'retry';
  }
  if (result.status >= 200 && result.status < 300) return 'delivered';
  return policy.isRetryableStatus(result.status) ? 'retry' : 'final';
}

/** Exponential backoff before retry number `retry` (1 for the first retry). */
export function backoffDelayMs(policy: RetryPolicy, retry: number): number {
  const delay = policy.minDelayMs * 2 ** (retry - 1);
  return Math.min(delay, policy.maxDelayMs);
}

/**
 * The wait before retry number `retry`: the server's `Retry-After` when it sent one (capped at
 * `maxRetryAfterMs`), else the backoff.
 */
export function retryDelayMs(
  policy: RetryPolicy,
  retry: number,
  retryAfterMs: number | undefined,
): number {
  if (retryAfterMs !== undefined) return Math.min(retryAfterMs, policy.maxRetryAfterMs);
  return backoffDelayMs(policy, retry);
}
