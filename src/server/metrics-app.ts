import express from 'express';
import type { Registry } from 'prom-client';

/** Serves the registry on `/metrics` in Prometheus' text format. */
export function createMetricsApp(registry: Registry): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.get('/metrics', async (_req, res) => {
    const body = await registry.metrics();
    res.type(registry.contentType).send(body);
  });
  return app;
}
