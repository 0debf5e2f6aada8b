import type { FluxEvent } from '../api/event.js';
import type { EventApiMetrics } from '../metrics/event-api-metrics.js';
import type { FixedWindowLimiter } from '../ratelimit/fixed-window-limiter.js';
import { rateLimitKey } from '../ratelimit/rate-limit-key.js';
import { normalizeEvent } from './event-metadata.js';
import type { EventSink, EventSource } from './event-sink.js';

export interface IntakeVerdict {
  readonly accepted: boolean;
  /** Not accepted because the pipeline cannot take it now (not a duplicate): retry later. */
  readonly unavailable?: true;
  /** End of the event's rate-limit window (epoch ms): when an identical event passes again. */
  readonly resetAtMs: number;
  /** Accepted, and the sink records its notifications later: settles once it has. */
  readonly recorded?: Promise<void>;
}

export interface EventIntakeDeps {
  limiter: FixedWindowLimiter;
  sink: EventSink;
  metrics: Pick<EventApiMetrics, 'eventsAccepted' | 'eventsRateLimited'>;
  /** Epoch milliseconds; injected so tests control rate-limit windows. */
  now: () => number;
}

/**
 * The one way into the pipeline for every source (Event API and native Events): a valid event is
 * normalised, rate limited with Flux's key, counted under its source, and handed to the sink.
 * Validation stays with the source: the Event API validates request bodies, while native
 * Events are built valid by their conversion.
 */
export interface EventIntake {
  /**
   * `beforeHandOff` runs once the event is accepted and before the sink sees it, with the end
   * of its window: the Event API answers 202 there, before any notifier can be called.
   */
  admit(
    event: FluxEvent,
    source: EventSource,
    beforeHandOff?: (resetAtMs: number) => void,
  ): IntakeVerdict;
}

export function createEventIntake(deps: EventIntakeDeps): EventIntake {
  const { limiter, sink, metrics, now } = deps;
  return {
    admit(input, source, beforeHandOff) {
      // Before the limiter: a refused event must not open a window its retry would hit.
      if (sink.refusing?.() === true) return { accepted: false, unavailable: true, resetAtMs: 0 };
      // The key reads only `<group>/originRevision|revision|token`, which metadata clean-up
      // always keeps: keying the raw event spares duplicates the copy.
      const verdict = limiter.take(rateLimitKey(input), now());
      if (!verdict.allowed) {
        metrics.eventsRateLimited.inc({ source });
        return { accepted: false, resetAtMs: verdict.resetAtMs };
      }
      const event = normalizeEvent(input);
      metrics.eventsAccepted.inc({ source });
      beforeHandOff?.(verdict.resetAtMs);
      const recorded = sink.accept(event, source);
      return recorded === undefined
        ? { accepted: true, resetAtMs: verdict.resetAtMs }
        : { accepted: true, resetAtMs: verdict.resetAtMs, recorded };
    },
  };
}
