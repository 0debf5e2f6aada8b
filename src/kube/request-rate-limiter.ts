import type { Clock } from '../clock/clock.js';
import type { Config } from '../config/config.js';

/**
 * client-go's client-side throttle (`--kube-api-qps`, `--kube-api-burst`): a token bucket of
 * `burst` tokens refilled at `qps` a second; a request takes one, waiting for it when the
 * bucket is empty. Waiters reserve their token at once, as golang.org/x/time/rate does, so they
 * go in the order they came.
 *
 * Flux turns the throttle off when the API server has API Priority and Fairness (every
 * supported Kubernetes version has it on): the server then protects itself and a client-side
 * limit only slows the controller down. Flux asks once at start (`/livez/ping`); Herald turns
 * it off when the first answer carrying APF's header arrives.
 */
export interface RequestRateLimiter {
  /** Resolves when the request may go; rejects, taking no token, if `signal` aborts first. */
  acquire(signal?: AbortSignal): Promise<void>;
  /** Stops throttling for good (the API server has APF). */
  disable(): void;
  readonly enabled: boolean;
}

/** The header the API server sets on every answer when API Priority and Fairness is on. */
export const APF_HEADER = 'x-kubernetes-pf-flowschema-uid';

export interface RateLimitSettings {
  readonly qps: number;
  readonly burst: number;
}

/**
 * client-go's reading of the two flags: 0 means its defaults (5 a second, bursts of 10), a
 * negative or infinite rate no throttle; a burst below 1 is taken as 1. Undefined when nothing throttles.
 */
export function rateLimitSettings(config: Config): RateLimitSettings | undefined {
  const qps = config.kubeApiQps === 0 ? 5 : config.kubeApiQps;
  const burst = config.kubeApiBurst === 0 ? 10 : config.kubeApiBurst;
  if (!(qps > 0) || qps === Infinity) return undefined;
  return { qps, burst: Math.max(1, burst) };
}

export function createRequestRateLimiter(
  settings: RateLimitSettings,
  clock: Pick<Clock, 'monotonic' | 'sleep'>,
): RequestRateLimiter {
  const { qps, burst } = settings;
  let tokens = burst;
  let refilledAtMs = clock.monotonic();
  let enabled = true;
  return {
    get enabled() {
      return enabled;
    },
    disable() {
      enabled = false;
    },
    async acquire(signal) {
      if (!enabled) return;
      signal?.throwIfAborted();
      const nowMs = clock.monotonic();
      tokens = Math.min(burst, tokens + ((nowMs - refilledAtMs) * qps) / 1000);
      refilledAtMs = nowMs;
      tokens -= 1;
      if (tokens >= 0) return;
      try {
        await clock.sleep((-tokens * 1000) / qps, signal);
      } catch (error) {
        // Not sent: the token goes back for those behind.
        tokens += 1;
        throw error;
      }
    },
  };
}
