import type { IncomingMessage, ServerResponse } from 'node:http';
import { Gauge, Histogram, type Registry } from 'prom-client';
import { DURATION_BUCKETS_S, FLUX_HTTP_LABELS, SIZE_BUCKETS_BYTES } from './event-api-metrics.js';

type HttpLabel = 'service' | 'handler' | 'method' | 'code';

/**
 * The receiver server's HTTP metrics under Flux's names (go-http-metrics with the prefix
 * `gotk_receiver`): duration and response size by method and code, requests in flight. As for
 * the Event API, requests are labelled with handler "/" unless `--export-http-path-metrics`,
 * which would otherwise put every webhook digest in a label.
 */
export class ReceiverMetrics {
  readonly requestDuration: Histogram<HttpLabel>;
  readonly responseSize: Histogram<HttpLabel>;
  readonly requestsInflight: Gauge<'service' | 'handler'>;
  readonly #byPath: boolean;

  constructor(registry: Registry, options: { handlerFromPath?: boolean } = {}) {
    this.#byPath = options.handlerFromPath === true;
    const registers = [registry];
    const labelNames: HttpLabel[] = ['service', 'handler', 'method', 'code'];
    this.requestDuration = new Histogram({
      name: 'gotk_receiver_http_request_duration_seconds',
      help: 'The latency of the HTTP requests.',
      labelNames,
      buckets: DURATION_BUCKETS_S,
      registers,
    });
    this.responseSize = new Histogram({
      name: 'gotk_receiver_http_response_size_bytes',
      help: 'The size of the HTTP responses.',
      labelNames,
      buckets: SIZE_BUCKETS_BYTES,
      registers,
    });
    this.requestsInflight = new Gauge({
      name: 'gotk_receiver_http_requests_inflight',
      help: 'The number of inflight requests being handled at the same time.',
      labelNames: ['service', 'handler'],
      registers,
    });
  }

  /** Counts a request in flight and, once answered, records its duration and size. */
  observer(): (req: IncomingMessage, res: ServerResponse) => void {
    return (req, res) => {
      const startedAt = performance.now();
      const handler = this.#byPath
        ? ((req.url ?? '/').split('?')[0] ?? '/')
        : FLUX_HTTP_LABELS.handler;
      const inflight = { service: FLUX_HTTP_LABELS.service, handler };
      this.requestsInflight.inc(inflight);
      res.once('close', () => {
        this.requestsInflight.dec(inflight);
        const labels = { ...inflight, method: req.method ?? '', code: String(res.statusCode) };
        this.requestDuration.observe(labels, (performance.now() - startedAt) / 1000);
        this.responseSize.observe(labels, Number(res.getHeader('content-length') ?? 0));
      });
    };
  }
}
