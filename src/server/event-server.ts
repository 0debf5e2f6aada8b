import express, { type NextFunction, type Request, type Response } from 'express';
import type { Clock } from '../clock/clock.js';
import type { Logger } from '../logging/logger.js';
import type { EventApiMetrics } from '../metrics/event-api-metrics.js';
import type { EventIntake } from '../pipeline/event-intake.js';
import { closeAfterAnswer } from './close-after-answer.js';
import {
  sendAccepted,
  sendBadRequest,
  sendBodyReadError,
  sendInternalError,
  sendMethodNotAllowed,
  sendRateLimited,
  sendUnavailable,
} from './event-responses.js';
import type { EventValidator } from './event-validator.js';
import { createHttpDateFormatter } from './http-date.js';
import { MAX_EVENT_BODY_BYTES } from './limits.js';
import { BodyReadError, readJsonBody } from './read-json-body.js';
import { createRequestMetrics } from './request-metrics.js';
import { rejectRepeatedHost } from './single-host.js';

export interface EventServerDeps {
  validate: EventValidator;
  /** Rate limiting and hand-off, shared with the native Event source. */
  intake: EventIntake;
  metrics: EventApiMetrics;
  logger: Logger;
  /** Times the close of a connection whose request body is refused unread. */
  clock: Pick<Clock, 'setTimeout'>;
}

/**
 * The Event API, a drop-in for Flux's: POST an Event JSON on any path; 202 once it is
 * accepted (before any delivery), 429 for a duplicate, 400 naming each bad field, 413 past
 * 3 MiB, 405 for other methods. An answer given before the body is read (413, 415, 405)
 * closes the connection rather than read the rest.
 */
export function createEventApp(deps: EventServerDeps): express.Express {
  const { validate, intake, metrics, logger, clock } = deps;
  const requests = createRequestMetrics(metrics);
  const httpDate = createHttpDateFormatter();
  const app = express();
  app.disable('x-powered-by');
  app.disable('etag');
  app.use(rejectRepeatedHost(logger, clock));
  app.use(requests.start);
  app.use((req: Request, res: Response, next: NextFunction) => {
    if (req.method === 'POST') {
      next();
      return;
    }
    metrics.eventsRejected.inc({ reason: 'method_not_allowed' });
    closeAfterAnswer(req, res, clock);
    requests.answered(req, res, sendMethodNotAllowed(res, req.method));
  });
  app.use(readJsonBody(MAX_EVENT_BODY_BYTES));

  app.use((req: Request, res: Response) => {
    metrics.eventsReceived.inc({ source: 'http' });
    const result = validate(req.body);
    if (!result.ok) {
      metrics.eventsRejected.inc({ reason: 'invalid_event' });
      logger.debug({ problems: result.problems }, 'Rejected invalid event');
      requests.answered(req, res, sendBadRequest(res, 'invalid event', result.problems));
      return;
    }
    let bodyBytes = 0;
    const verdict = intake.admit(result.event, 'http', (resetAtMs) => {
      bodyBytes = sendAccepted(res, httpDate(resetAtMs));
    });
    if (verdict.unavailable === true) bodyBytes = sendUnavailable(res);
    else if (!verdict.accepted) bodyBytes = sendRateLimited(res, httpDate(verdict.resetAtMs));
    requests.answered(req, res, bodyBytes);
  });

  app.use((error: unknown, req: Request, res: Response, _next: NextFunction) => {
    if (res.headersSent) {
      // The answer went out and something after it failed (handing the event over).
      logger.error({ err: error }, 'Failed after answering an event request');
      requests.answered(req, res, 0);
      return;
    }
    closeAfterAnswer(req, res, clock);
    if (!(error instanceof BodyReadError)) {
      logger.error({ err: error }, 'Failed to handle an event request');
      metrics.eventsRejected.inc({ reason: 'internal_error' });
      requests.answered(req, res, sendInternalError(res));
      return;
    }
    metrics.eventsRejected.inc({ reason: error.failure });
    const bodyBytes = sendBodyReadError(res, error);
    logger.debug({ err: error }, 'Could not read an event request');
    requests.answered(req, res, bodyBytes);
  });
  return app;
}
