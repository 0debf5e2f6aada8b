import { Counter, Gauge, type Registry } from 'prom-client';
import type { BodyReadFailure } from '../server/read-json-body.js';
import { PreboundHistogram, type HistogramSeries } from './prebound-histogram.js';

/** Prometheus' default buckets, as Flux's go-http-metrics uses for request durations. */
export const DURATION_BUCKETS_S = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
/** go-http-metrics' response size buckets: 100 B × 10^n. */
export const SIZE_BUCKETS_BYTES = [100, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9];

/**
 * Flux's event server reports every request under handler "/" and an empty service; with
 * `--export-http-path-metrics`, under the request's path instead.
 */
export const FLUX_HTTP_LABELS = { service: '', handler: '/' } as const;

/** Why the Event API turned a request away (the `reason` label of rejected events). */
export type RejectReason =
  BodyReadFailure | 'invalid_event' | 'method_not_allowed' | 'internal_error';

/** One method and status code's series of Flux's two HTTP histograms. */
interface RequestObservers {
  duration: HistogramSeries;
  size: HistogramSeries;
}

/** The Event API's metrics: Flux's HTTP metrics under their Flux names, and Herald's own. */
export class EventApiMetrics {
  readonly requestDuration: PreboundHistogram<'service' | 'handler' | 'method' | 'code'>;
  readonly responseSize: PreboundHistogram<'service' | 'handler' | 'method' | 'code'>;
  readonly requestsInflight: Gauge<'service' | 'handler'>;
  /** Requests being handled now under "/" (all of them but with path labels): read at scrape. */
  #inflight = 0;
  /** With path labels: requests being handled now, by path. */
  readonly #inflightByPath = new Map<string, number>();
  /** Label requests with their path (Flux's `--export-http-path-metrics`), not "/". */
  readonly #byPath: boolean;
  readonly eventsReceived: Counter<'source'>;
  readonly eventsAccepted: Counter<'source'>;
  readonly eventsRejected: Counter<'reason'>;
  readonly eventsRateLimited: Counter<'source'>;
  readonly limiterEvictions: Counter;
  readonly limiterKeys: Gauge;
  /** handler → method → status code → histogram series, resolved once. */
  readonly #observers = new Map<string, Map<string, Map<number, RequestObservers>>>();

  constructor(
    registry: Registry,
    limiterSize: () => number,
    options: { handlerFromPath?: boolean } = {},
  ) {
    this.#byPath = options.handlerFromPath === true;
    const registers = [registry];
    this.requestDuration = new PreboundHistogram({
      name: 'gotk_event_http_request_duration_seconds',
      help: 'The latency of the HTTP requests.',
      labelNames: ['service', 'handler', 'method', 'code'],
      buckets: DURATION_BUCKETS_S,
      registers,
    });
    this.responseSize = new PreboundHistogram({
      name: 'gotk_event_http_response_size_bytes',
      help: 'The size of the HTTP responses.',
      labelNames: ['service', 'handler', 'method', 'code'],
      buckets: SIZE_BUCKETS_BYTES,
      registers,
    });
    const readInflight = () => this.#inflight;
    const inflightByPath = this.#inflightByPath;
    this.requestsInflight = new Gauge({
      name: 'gotk_event_http_requests_inflight',
      help: 'The number of inflight requests being handled at the same time.',
      labelNames: ['service', 'handler'],
      registers,
      collect() {
        this.set(FLUX_HTTP_LABELS, readInflight());
        for (const [handler, count] of inflightByPath)
          this.set({ service: FLUX_HTTP_LABELS.service, handler }, count);
      },
    });
    this.eventsReceived = new Counter({
      name: 'herald_events_received_total',
      help: 'Events received, before validation and rate limiting.',
      labelNames: ['source'],
      registers,
    });
    this.eventsAccepted = new Counter({
      name: 'herald_events_accepted_total',
      help: 'Events accepted for matching and delivery.',
      labelNames: ['source'],
      registers,
    });
    this.eventsRejected = new Counter({
      name: 'herald_events_rejected_total',
      help: 'Requests the Event API refused, by reason.',
      labelNames: ['reason'],
      registers,
    });
    this.eventsRateLimited = new Counter({
      name: 'herald_events_rate_limited_total',
      help: 'Events suppressed as duplicates within the rate-limit interval.',
      labelNames: ['source'],
      registers,
    });
    this.limiterEvictions = new Counter({
      name: 'herald_rate_limiter_evictions_total',
      help: 'Rate-limit keys evicted to stay within --rate-limit-max-keys.',
      registers,
    });
    this.limiterKeys = new Gauge({
      name: 'herald_rate_limiter_keys',
      help: 'Rate-limit keys currently remembered.',
      registers,
      collect() {
        this.set(limiterSize());
      },
    });
  }

  /** The handler label of a request to `path`. */
  handlerOf(path: string): string {
    return this.#byPath ? path : FLUX_HTTP_LABELS.handler;
  }

  /** A request to `handler` (from {@link handlerOf}) is being handled. */
  started(handler: string): void {
    if (this.#byPath)
      this.#inflightByPath.set(handler, (this.#inflightByPath.get(handler) ?? 0) + 1);
    else this.#inflight++;
  }

  /** Records one answered Event API request in Flux's duration and size histograms. */
  observeRequest(
    handler: string,
    method: string,
    code: number,
    seconds: number,
    bodyBytes: number,
  ): void {
    if (this.#byPath)
      this.#inflightByPath.set(handler, (this.#inflightByPath.get(handler) ?? 1) - 1);
    else this.#inflight--;
    let byMethod = this.#observers.get(handler);
    if (byMethod === undefined) {
      byMethod = new Map();
      this.#observers.set(handler, byMethod);
    }
    let byCode = byMethod.get(method);
    if (byCode === undefined) {
      byCode = new Map();
      byMethod.set(method, byCode);
    }
    let observers = byCode.get(code);
    if (observers === undefined) {
      const labels = { service: FLUX_HTTP_LABELS.service, handler, method, code: String(code) };
      observers = {
        duration: this.requestDuration.series(labels),
        size: this.responseSize.series(labels),
      };
      byCode.set(code, observers);
    }
    observers.duration.observe(seconds);
    observers.size.observe(bodyBytes);
  }
}
