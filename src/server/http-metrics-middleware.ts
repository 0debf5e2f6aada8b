import type { NextFunction, Request, Response } from 'express';
import { FLUX_HTTP_LABELS, type EventApiMetrics } from '../metrics/event-api-metrics.js';

/**
 * Records Flux's `gotk_event_http_*` metrics for each request. Labelled children are cached
 * because resolving labels per observation is the costly part of prom-client.
 */
export function httpMetricsMiddleware(metrics: EventApiMetrics) {
  const children = new Map<
    string,
    { duration: { observe(v: number): void }; size: { observe(v: number): void } }
  >();
  const childrenFor = (method: string, code: string) => {
    const key = `${method} ${code}`;
    let found = children.get(key);
    if (found === undefined) {
      found = {
        duration: metrics.requestDuration.labels({ ...FLUX_HTTP_LABELS, method, code }),
        size: metrics.responseSize.labels({ ...FLUX_HTTP_LABELS, method, code }),
      };
      children.set(key, found);
    }
    return found;
  };

  return (req: Request, res: Response, next: NextFunction): void => {
    const startedAt = process.hrtime.bigint();
    metrics.inflight++;
    res.once('close', () => {
      metrics.inflight--;
      const seconds = Number(process.hrtime.bigint() - startedAt) / 1e9;
      const observed = childrenFor(req.method, String(res.statusCode));
      observed.duration.observe(seconds);
      observed.size.observe(Number(res.getHeader('content-length') ?? 0));
    });
    next();
  };
}
