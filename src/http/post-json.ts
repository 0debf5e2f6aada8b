import { DeliveryError, type DeliveryErrorCode } from './delivery-error.js';
import { mergeHeaders } from './merge-headers.js';
import {
  createOutboundTransport,
  type OutboundTransport,
  type TlsMaterial,
} from './outbound-transport.js';
import { maskSecrets, maskUrl } from './redact.js';
import { parseRetryAfterMs } from './retry-after.js';
import { judgeAttempt, retryDelayMs, type RetryPolicy } from './retry-policy.js';
import { sendAttempt, type AttemptOutcome, type AttemptResponse } from './send-attempt.js';
import type { Clock } from '../clock/clock.js';

/** Longest piece of a response body quoted in an error message. */
const MAX_ERROR_BODY_CHARS = 256;

const DEFAULT_HEADERS: Readonly<Record<string, string>> = Object.freeze({
  'Content-Type': 'application/json',
  'User-Agent': 'herald',
});

/**
 * A vendor quirk check on a 2xx response: returns why the receiver actually refused the
 * message (a final rejection), or undefined when it was accepted.
 */
export type ResponseValidator = (response: AttemptResponse) => string | undefined;

/** Told before each wait, so the caller can log or count retries. Carries no secrets. */
export interface RetryNotice {
  /** The attempt that failed (1-based). */
  readonly attempt: number;
  readonly delayMs: number;
  readonly status?: number;
  readonly networkCode?: string;
}

export interface JsonPosterOptions {
  readonly timeoutMs: number;
  readonly retryPolicy: RetryPolicy;
  readonly proxy?: URL;
  readonly tls?: TlsMaterial;
  readonly validateResponse?: ResponseValidator;
  /**
   * Values masked out of every error message (tokens, passwords, the address, secret header
   * values…). `Authorization` and `Proxy-Authorization` values are masked without being listed.
   */
  readonly secrets: readonly (string | undefined)[];
  /** Waits between attempts; its wall time dates `Retry-After`. */
  readonly clock: Pick<Clock, 'sleep' | 'now'>;
  readonly onRetry?: (notice: RetryNotice) => void;
  /** The single attempt; replaced in unit tests of the retry loop. */
  readonly send?: typeof sendAttempt;
}

export interface JsonPost {
  readonly url: string;
  /** The exact bytes to send (signatures are computed over them). */
  readonly body: Buffer;
  /** Added to (and overriding) `Content-Type: application/json` and `User-Agent`. */
  readonly headers?: Readonly<Record<string, string>>;
}

export interface DeliveryReceipt {
  readonly status: number;
  readonly attempts: number;
}

export interface JsonPoster {
  /** Resolves once the receiver accepted the body; rejects with a {@link DeliveryError}. */
  post(request: JsonPost, signal?: AbortSignal): Promise<DeliveryReceipt>;
  /** Closes the connections still open. */
  close(): void;
}

/** The one outbound HTTP path: timeout, proxy, TLS, retry policy and response validation. */
export function createJsonPoster(options: JsonPosterOptions): JsonPoster {
  const transport = createOutboundTransport({ tls: options.tls, proxy: options.proxy });
  return {
    post: (request, signal) => postWithRetries(options, transport, request, signal),
    close: () => {
      transport.destroy();
    },
  };
}

async function postWithRetries(
  options: JsonPosterOptions,
  transport: OutboundTransport,
  request: JsonPost,
  signal: AbortSignal | undefined,
): Promise<DeliveryReceipt> {
  const send = options.send ?? sendAttempt;
  const headers = mergeHeaders(DEFAULT_HEADERS, request.headers);
  const secrets = [...options.secrets, ...credentialsIn(headers)];
  const fail = (code: DeliveryErrorCode, text: string, attempts: number, last?: AttemptOutcome) =>
    new DeliveryError(code, maskSecrets(`POST ${maskUrl(request.url)} ${text}`, secrets), {
      attempts,
      status: last?.kind === 'response' ? last.status : undefined,
      networkCode: last?.kind === 'network-error' ? last.code : undefined,
    });

  for (let attempt = 1; ; attempt++) {
    if (signal?.aborted === true) {
      throw fail(
        'HERALD_DELIVERY_ABORTED',
        `was aborted after ${attempt - 1} attempt(s)`,
        attempt - 1,
      );
    }
    const outcome = await send(
      { url: request.url, body: request.body, headers, timeoutMs: options.timeoutMs, transport },
      signal,
    );
    if (outcome.kind === 'aborted') {
      throw fail('HERALD_DELIVERY_ABORTED', `was aborted during attempt ${attempt}`, attempt);
    }
    const verdict = judgeAttempt(options.retryPolicy, outcome);
    if (verdict === 'delivered' && outcome.kind === 'response') {
      const refusal = options.validateResponse?.(outcome);
      if (refusal === undefined) return { status: outcome.status, attempts: attempt };
      throw fail('HERALD_DELIVERY_REJECTED', `was rejected: ${refusal}`, attempt, outcome);
    }
    if (verdict === 'final') {
      const code =
        outcome.kind === 'response' ? 'HERALD_DELIVERY_REJECTED' : 'HERALD_DELIVERY_FAILED';
      const verb = outcome.kind === 'response' ? 'was rejected' : 'failed';
      throw fail(code, `${verb} on attempt ${attempt}: ${describe(outcome)}`, attempt, outcome);
    }
    if (attempt > options.retryPolicy.maxRetries) {
      throw fail(
        'HERALD_DELIVERY_FAILED',
        `failed after ${attempt} attempts: ${describe(outcome)}`,
        attempt,
        outcome,
      );
    }
    const retryAfterMs =
      outcome.kind === 'response'
        ? parseRetryAfterMs(outcome.headers['retry-after'], options.clock.now())
        : undefined;
    const delayMs = retryDelayMs(options.retryPolicy, attempt, retryAfterMs);
    options.onRetry?.({
      attempt,
      delayMs,
      ...(outcome.kind === 'response' ? { status: outcome.status } : { networkCode: outcome.code }),
    });
    try {
      await options.clock.sleep(delayMs, signal);
    } catch {
      throw fail(
        'HERALD_DELIVERY_ABORTED',
        `was aborted after ${attempt} attempt(s)`,
        attempt,
        outcome,
      );
    }
  }
}

/** The credentials in the request's own auth headers, whole and without their scheme. */
function credentialsIn(headers: Readonly<Record<string, string>>): string[] {
  return Object.entries(headers)
    .filter(([name]) => /^(proxy-)?authorization$/i.test(name))
    .flatMap(([, value]) => [value, value.replace(/^\S+\s+/, '')]);
}

function describe(outcome: AttemptOutcome): string {
  switch (outcome.kind) {
    case 'response': {
      const status = `HTTP ${outcome.status}${outcome.statusText === '' ? '' : ` ${outcome.statusText}`}`;
      const snippet = bodySnippet(outcome.body);
      return snippet === '' ? status : `${status}: ${snippet}`;
    }
    case 'network-error':
      return outcome.message.includes(outcome.code)
        ? outcome.message
        : `${outcome.code}: ${outcome.message}`;
    case 'aborted':
      return 'aborted';
  }
}

function bodySnippet(body: Buffer): string {
  const text = body.toString('utf8').replace(/\s+/g, ' ').trim();
  return text.length <= MAX_ERROR_BODY_CHARS ? text : `${text.slice(0, MAX_ERROR_BODY_CHARS)}…`;
}
