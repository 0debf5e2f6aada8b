import { STATUS_CODES } from 'node:http';
import type { LookupFunction } from 'node:net';
import { addressNotAllowedMessage, refusedHostReason } from './address-policy.js';
import { maskedBodyExcerpt } from './body-excerpt.js';
import { DeliveryError, type DeliveryErrorCode } from './delivery-error.js';
import { withoutIgnoredHeaders } from './ignored-headers.js';
import { mergeHeaders } from './merge-headers.js';
import {
  createOutboundTransport,
  type OutboundTransport,
  type TlsMaterial,
} from './outbound-transport.js';
import { maskSecrets, maskUrl, urlSecrets } from './redact.js';
import { parseRetryAfterMs } from './retry-after.js';
import { judgeAttempt, retryDelayMs, type RetryPolicy } from './retry-policy.js';
import {
  sendAttempt,
  type AttemptOutcome,
  type AttemptResponse,
  type HttpMethod,
} from './send-attempt.js';
import type { Clock } from '../clock/clock.js';

/** The network code of a connection refused for its address, and the delivery's code then. */
const ADDRESS_NOT_ALLOWED = 'HERALD_DELIVERY_ADDRESS_NOT_ALLOWED';

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

/**
 * A response that did not deliver, for a debug line. Its body stays out of errors (receivers
 * echo the request in them, secrets and all): only a masked excerpt, made on demand, reaches a
 * debug log.
 */
export interface RefusedResponseNotice {
  readonly attempt: number;
  readonly status: number;
  excerpt(): string;
}

export interface JsonPosterOptions {
  /** The Provider's timeout: what it bounds, the delivery or each attempt, is the policy's. */
  readonly timeoutMs: number;
  readonly retryPolicy: RetryPolicy;
  readonly proxy?: URL;
  readonly tls?: TlsMaterial;
  readonly validateResponse?: ResponseValidator;
  /**
   * The wait a retried response asks for in its body, in ms (Discord's and Telegram's
   * `retry_after`), read when its status honours `Retry-After` and no header gave one.
   */
  readonly retryAfterOf?: (response: AttemptResponse) => number | undefined;
  /**
   * The receiver's own reason for a final non-2xx answer (Telegram's `description`, Matrix's
   * `errcode`), added to the error; undefined when the body holds none that is safe to quote.
   */
  readonly explainRejection?: (response: AttemptResponse) => string | undefined;
  /**
   * Values masked out of every error message (tokens, passwords, the address, secret header
   * values…). `Authorization` and `Proxy-Authorization` values are masked without being listed.
   */
  readonly secrets: readonly (string | undefined)[];
  /**
   * Times the timeout and the waits between attempts; its wall time dates `Retry-After`, its
   * monotonic time measures what is left of the timeout.
   */
  readonly clock: Pick<Clock, 'sleep' | 'now' | 'monotonic' | 'setTimeout'>;
  readonly onRetry?: (notice: RetryNotice) => void;
  readonly onRefusedResponse?: (notice: RefusedResponseNotice) => void;
  /** `--allow-link-local-providers`: link-local and metadata addresses may be reached. */
  readonly allowLinkLocal?: boolean;
  /** Resolves names for the sockets (dns.lookup; tests inject their own). */
  readonly lookup?: LookupFunction;
  /** The single attempt; replaced in unit tests of the retry loop. */
  readonly send?: typeof sendAttempt;
}

export interface JsonPost {
  /** POST unless said otherwise; a GET sends no body. */
  readonly method?: HttpMethod;
  readonly url: string;
  /** The exact bytes to send (signatures are computed over them). */
  readonly body: Buffer;
  /**
   * Added to (and overriding) `Content-Type: application/json` and `User-Agent`; those the
   * client sets itself (`Content-Length`, `Host`…, see ignored-headers) are dropped.
   */
  readonly headers?: Readonly<Record<string, string>>;
}

export interface DeliveryReceipt {
  readonly status: number;
  readonly attempts: number;
  /** The accepted response's headers (lower-case names) and body (at most 1 MiB). */
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Buffer;
}

export interface JsonPoster {
  /** Resolves once the receiver accepted the body; rejects with a {@link DeliveryError}. */
  post(request: JsonPost, signal?: AbortSignal): Promise<DeliveryReceipt>;
  /** Closes the connections still open. */
  close(): void;
}

/** The one outbound HTTP path: timeout, proxy, TLS, retry policy and response validation. */
export function createJsonPoster(options: JsonPosterOptions): JsonPoster {
  const transport = createOutboundTransport({
    tls: options.tls,
    proxy: options.proxy,
    allowLinkLocal: options.allowLinkLocal,
    lookup: options.lookup,
  });
  const refusedHost = lastResultOf((url: string) => refusedHostOf(url, options));
  return {
    post: (request, signal) => postWithRetries(options, transport, refusedHost, request, signal),
    close: () => {
      transport.destroy();
    },
  };
}

async function postWithRetries(
  options: JsonPosterOptions,
  transport: OutboundTransport,
  refusedHostOfUrl: (url: string) => string | undefined,
  request: JsonPost,
  signal: AbortSignal | undefined,
): Promise<DeliveryReceipt> {
  const { clock, retryPolicy, timeoutMs } = options;
  const send = options.send ?? sendAttempt;
  const headers = withoutIgnoredHeaders(mergeHeaders(DEFAULT_HEADERS, request.headers));
  // Only a failure needs them: most deliveries succeed at once.
  let secretsOnce: readonly (string | undefined)[] | undefined;
  const secretsOf = () =>
    (secretsOnce ??= [
      ...options.secrets,
      ...credentialsIn(headers),
      ...urlSecrets(request.url),
      ...urlSecrets(options.proxy?.href),
    ]);
  const fail = (code: DeliveryErrorCode, text: string, attempts: number, last?: AttemptOutcome) =>
    new DeliveryError(
      code,
      `${request.method ?? 'POST'} ${maskUrl(request.url)} ${maskSecrets(text, secretsOf())}`,
      {
        attempts,
        status: last?.kind === 'response' ? last.status : undefined,
        networkCode: last?.kind === 'network-error' ? last.code : undefined,
        responseBody: last?.kind === 'response' ? last.body : undefined,
      },
    );
  // A function, so that TypeScript does not take an earlier check for the state after an await.
  const callerAborted = () => signal?.aborted === true;
  // As Flux's context deadline: one clock timer for the whole delivery, retries included.
  const wholeDelivery = retryPolicy.timeoutBounds === 'delivery';
  const delivery = wholeDelivery ? startDeadline(clock, timeoutMs, signal) : undefined;
  const endsAt = clock.monotonic() + timeoutMs;
  const timedOut = (attempts: number, last: AttemptOutcome) =>
    fail(
      'HERALD_DELIVERY_FAILED',
      `timed out after ${attempts} attempt(s): ${describe(last)}`,
      attempts,
      last,
    );
  const retryTooLate = (attempts: number, last: AttemptOutcome, delayMs: number) =>
    fail(
      'HERALD_DELIVERY_FAILED',
      `gave up after ${attempts} attempt(s): the next, in ${delayMs} ms, would ` +
        `start after the ${timeoutMs} ms timeout; last: ${describe(last)}`,
      attempts,
      last,
    );

  const refusedHost = options.allowLinkLocal === true ? undefined : refusedHostOfUrl(request.url);
  if (refusedHost !== undefined) {
    throw fail(ADDRESS_NOT_ALLOWED, `was not sent: ${addressNotAllowedMessage(refusedHost)}`, 0);
  }

  try {
    let last: AttemptOutcome | undefined;
    for (let attempt = 1; ; attempt++) {
      if (signal?.aborted === true) {
        throw fail(
          'HERALD_DELIVERY_ABORTED',
          `was aborted after ${attempt - 1} attempt(s)`,
          attempt - 1,
          last,
        );
      }
      if (last !== undefined && delivery?.signal.aborted === true)
        throw timedOut(attempt - 1, last);
      // Each attempt is bounded by what is left of the delivery's timeout, or by its own.
      const deadline = delivery ?? startDeadline(clock, timeoutMs, signal);
      let outcome: AttemptOutcome;
      try {
        outcome = await send(
          {
            method: request.method ?? 'POST',
            url: request.url,
            body: request.body,
            headers,
            deadline: deadline.signal,
            timeoutMs,
            transport,
          },
          signal,
        );
      } finally {
        if (deadline !== delivery) deadline.cancel();
      }
      last = outcome;
      if (outcome.kind === 'aborted') {
        throw fail('HERALD_DELIVERY_ABORTED', `was aborted during attempt ${attempt}`, attempt);
      }
      const verdict = judgeAttempt(retryPolicy, outcome);
      const refusal =
        verdict === 'delivered' && outcome.kind === 'response'
          ? options.validateResponse?.(outcome)
          : undefined;
      if (outcome.kind === 'response' && (verdict !== 'delivered' || refusal !== undefined)) {
        tellRefused(options, outcome, attempt, secretsOf);
      }
      if (verdict === 'delivered' && outcome.kind === 'response') {
        if (refusal === undefined) {
          const { status, headers: responseHeaders, body } = outcome;
          return { status, attempts: attempt, headers: responseHeaders, body };
        }
        throw fail('HERALD_DELIVERY_REJECTED', `was rejected: ${refusal}`, attempt, outcome);
      }
      if (verdict === 'final') {
        const code =
          outcome.kind === 'response'
            ? 'HERALD_DELIVERY_REJECTED'
            : outcome.code === ADDRESS_NOT_ALLOWED
              ? ADDRESS_NOT_ALLOWED
              : 'HERALD_DELIVERY_FAILED';
        const verb = outcome.kind === 'response' ? 'was rejected' : 'failed';
        const reason =
          outcome.kind === 'response' ? options.explainRejection?.(outcome) : undefined;
        const detail = `${describe(outcome)}${reason === undefined ? '' : ` (${reason})`}`;
        throw fail(code, `${verb} on attempt ${attempt}: ${detail}`, attempt, outcome);
      }
      if (delivery?.signal.aborted === true && !callerAborted()) {
        throw timedOut(attempt, outcome);
      }
      if (attempt > retryPolicy.maxRetries) {
        throw fail(
          'HERALD_DELIVERY_FAILED',
          `failed after ${attempt} attempts: ${describe(outcome)}`,
          attempt,
          outcome,
        );
      }
      const retryAfterMs =
        outcome.kind === 'response' && retryPolicy.honoursRetryAfter(outcome.status)
          ? (parseRetryAfterMs(outcome.headers['retry-after'], clock.now()) ??
            options.retryAfterOf?.(outcome))
          : undefined;
      const delayMs = retryDelayMs(retryPolicy, attempt, retryAfterMs);
      // A retry that could only start once the timeout is over would fail for certain: Flux's
      // client waits for the deadline to say so; Herald says so now.
      if (wholeDelivery && delayMs >= endsAt - clock.monotonic()) {
        throw retryTooLate(attempt, outcome, delayMs);
      }
      options.onRetry?.({
        attempt,
        delayMs,
        ...(outcome.kind === 'response'
          ? { status: outcome.status }
          : { networkCode: outcome.code }),
      });
      try {
        await clock.sleep(delayMs, signal);
      } catch {
        throw fail(
          'HERALD_DELIVERY_ABORTED',
          `was aborted after ${attempt} attempt(s)`,
          attempt,
          outcome,
        );
      }
    }
  } finally {
    delivery?.cancel();
  }
}

interface Deadline {
  /** Aborts once the time is up, or once the caller's signal aborts. */
  readonly signal: AbortSignal;
  /** Stops the clock timer behind it, once nothing waits on the deadline any more. */
  cancel(): void;
}

/**
 * An abort signal `ms` from now on the injected clock (no timer of the poster's own) that also
 * follows the caller's `signal`: one listener here is cheaper than `AbortSignal.any` on every
 * attempt, which profiles showed.
 */
function startDeadline(
  clock: Pick<Clock, 'setTimeout'>,
  ms: number,
  signal: AbortSignal | undefined,
): Deadline {
  const controller = new AbortController();
  const abort = () => {
    controller.abort();
  };
  const timer = clock.setTimeout(abort, ms);
  signal?.addEventListener('abort', abort, { once: true });
  return {
    signal: controller.signal,
    cancel: () => {
      timer.cancel();
      signal?.removeEventListener('abort', abort);
    },
  };
}

/**
 * `compute`, remembering its last argument and result: a notifier posts to the same URL again
 * and again, and parsing it for every delivery showed in profiles.
 */
function lastResultOf<R>(compute: (key: string) => R): (key: string) => R {
  let lastKey: string | undefined;
  let lastResult: R;
  return (key) => {
    if (key !== lastKey) {
      lastResult = compute(key);
      lastKey = key;
    }
    return lastResult;
  };
}

/** The credentials in the request's own auth headers, whole and without their scheme. */
function credentialsIn(headers: Readonly<Record<string, string>>): string[] {
  return Object.entries(headers)
    .filter(([name]) => /^(proxy-)?authorization$/i.test(name))
    .flatMap(([, value]) => [value, value.replace(/^\S+\s+/, '')]);
}

/**
 * Which of the request's hosts (its URL's, its proxy's) may not be reached, and why. Literal
 * IPs are checked here: sockets never pass them to the lookup hook that checks resolved names.
 */
function refusedHostOf(url: string, options: JsonPosterOptions): string | undefined {
  const hosts = [
    ['its host', URL.canParse(url) ? new URL(url).hostname : undefined],
    ['its proxy', options.proxy?.hostname],
  ] as const;
  for (const [which, host] of hosts) {
    const reason = host === undefined ? undefined : refusedHostReason(host);
    if (reason !== undefined) return `${which} is ${reason}`;
  }
  return undefined;
}

function tellRefused(
  options: JsonPosterOptions,
  response: AttemptResponse,
  attempt: number,
  secretsOf: () => readonly (string | undefined)[],
): void {
  options.onRefusedResponse?.({
    attempt,
    status: response.status,
    excerpt: () => maskedBodyExcerpt(response.body, secretsOf()),
  });
}

/**
 * What happened, in Herald's words: the status with its standard phrase (the receiver's own
 * reason phrase and body are its text, which may echo the request), or the network error.
 */
function describe(outcome: AttemptOutcome): string {
  switch (outcome.kind) {
    case 'response': {
      const phrase = STATUS_CODES[outcome.status];
      return `HTTP ${outcome.status}${phrase === undefined ? '' : ` ${phrase}`}`;
    }
    case 'network-error':
      return outcome.message.includes(outcome.code)
        ? outcome.message
        : `${outcome.code}: ${outcome.message}`;
    case 'aborted':
      return 'aborted';
  }
}
