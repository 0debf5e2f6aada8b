import express from 'express';

export interface HealthDeps {
  /** True once Herald can do its work: caches synced, or manifests loaded. */
  ready: () => boolean;
  /** Readiness of each Alert and Provider, for `GET /status` (local mode); absent in cluster mode. */
  status?: () => unknown;
}

/** `/healthz` (the process is alive), `/readyz` (it is ready), and `/status` in local mode. */
export function createHealthApp(deps: HealthDeps): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.get('/healthz', (_req, res) => {
    res.type('text/plain').send('ok');
  });
  app.get('/readyz', (_req, res) => {
    if (deps.ready()) res.type('text/plain').send('ok');
    else res.status(503).type('text/plain').send('not ready');
  });
  const status = deps.status;
  if (status !== undefined) {
    app.get('/status', (_req, res) => {
      res.json(status());
    });
  }
  return app;
}
