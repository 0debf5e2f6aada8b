import express, { type NextFunction, type Request, type Response } from 'express';
import type { Logger } from '../logging/logger.js';
import type { EventApiMetrics } from '../metrics/event-api-metrics.js';
import type { EventIntake } from '../pipeline/event-intake.js';
import {
  sendAccepted,
  sendBadRequest,
  sendRateLimited,
  sendRequestError,
} from './event-responses.js';
import type { EventValidator } from './event-validator.js';
import { httpMetricsMiddleware } from './http-metrics-middleware.js';
import { MAX_EVENT_BODY_BYTES } from './limits.js';

export interface EventServerDeps {
  validate: EventValidator;
  /** Rate limiting and hand-off, shared with the native Event source. */
  intake: EventIntake;
  metrics: EventApiMetrics;
  logger: Logger;
}

/**
 * The Event API, a drop-in for Flux's: POST an Event JSON on any path; 202 once it is
 * accepted (before any delivery), 429 for a duplicate, 400 naming each bad field, 413 past
 * 3 MiB, 405 for other methods.
 */
export function createEventApp(deps: EventServerDeps): express.Express {
  const { validate, intake, metrics, logger } = deps;
  const app = express();
  app.disable('x-powered-by');
  app.disable('etag');
  app.use(httpMetricsMiddleware(metrics));
  app.use((req: Request, res: Response, next: NextFunction) => {
    if (req.method === 'POST') {
      next();
      return;
    }
    metrics.eventsRejected.inc({ reason: 'method_not_allowed' });
    res
      .status(405)
      .set('Allow', 'POST')
      .json({ error: `method ${req.method} is not allowed; POST an event` });
  });
  // Any content type: Flux sets application/json, but curl users often do not.
  app.use(express.json({ limit: MAX_EVENT_BODY_BYTES, type: () => true }));

  app.use((req: Request, res: Response) => {
    metrics.eventsReceived.inc({ source: 'http' });
    const result = validate(req.body);
    if (!result.ok) {
      metrics.eventsRejected.inc({ reason: 'invalid_event' });
      logger.debug({ problems: result.problems }, 'Rejected invalid event');
      sendBadRequest(res, 'invalid event', result.problems);
      return;
    }
    const verdict = intake.admit(result.event, 'http', () => {
      sendAccepted(res);
    });
    if (!verdict.accepted) sendRateLimited(res, verdict.resetAtMs);
  });

  app.use((error: unknown, _req: Request, res: Response, _next: NextFunction) => {
    const reason = sendRequestError(res, error);
    metrics.eventsRejected.inc({ reason });
    if (reason === 'bad_request') logger.error({ err: error }, 'Failed to read event request');
  });
  return app;
}
