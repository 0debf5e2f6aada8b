import type { NextFunction, Request, Response } from 'express';
import type { EventApiMetrics } from '../metrics/event-api-metrics.js';

/** Flux's event server reports every request under handler "/" whatever the path. */
const HANDLER = '/';
const SERVICE = '';

/**
 * Records Flux's `gotk_event_http_*` metrics for each request. Labelled children are cached
 * because resolving labels per observation is the costly part of prom-client.
 */
export function httpMetricsMiddleware(metrics: EventApiMetrics) {
  const inflight = metrics.requestsInflight.labels(SERVICE, HANDLER);
  const children = new Map<
    string,
    { duration: { observe(v: number): void }; size: { observe(v: number): void } }
  >();
  const childrenFor = (method: string, code: string) => {
    const key = `${method} ${code}`;
    let found = children.get(key);
    if (found === undefined) {
      found = {
        duration: metrics.requestDuration.labels(SERVICE, HANDLER, method, code),
        size: metrics.responseSize.labels(SERVICE, HANDLER, method, code),
      };
      children.set(key, found);
    }
    return found;
  };

  return (req: Request, res: Response, next: NextFunction): void => {
    const startedAt = process.hrtime.bigint();
    inflight.inc();
    res.once('close', () => {
      inflight.dec();
      const seconds = Number(process.hrtime.bigint() - startedAt) / 1e9;
      const observed = childrenFor(req.method, String(res.statusCode));
      observed.duration.observe(seconds);
      observed.size.observe(Number(res.getHeader('content-length') ?? 0));
    });
    next();
  };
}
