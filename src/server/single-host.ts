import type { NextFunction, Request, Response } from 'express';
import type { Clock } from '../clock/clock.js';
import type { Logger } from '../logging/logger.js';
import { closeAfterAnswer } from './close-after-answer.js';
import { sendBadRequest } from './event-responses.js';

/** How many `Host` headers a request has (Node keeps the first in `req.headers` and drops the others). */
export function countHostHeaders(rawHeaders: readonly string[]): number {
  let count = 0;
  for (let index = 0; index < rawHeaders.length; index += 2) {
    const name = rawHeaders[index] ?? '';
    if (name.length === 4 && (name === 'Host' || name.toLowerCase() === 'host')) count++;
  }
  return count;
}

/**
 * Answers 400 to a request with more than one `Host` header, as Go's server does before any
 * handler sees it (so, as in Flux, it is not in the HTTP metrics): which host was meant is
 * ambiguous, and proxies and servers disagree on it. The connection is closed, as Go closes it.
 */
export function rejectRepeatedHost(logger: Logger, clock: Pick<Clock, 'setTimeout'>) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const hosts = countHostHeaders(req.rawHeaders);
    if (hosts <= 1) {
      next();
      return;
    }
    logger.debug({ hosts }, 'Rejected a request with more than one Host header');
    res.setHeader('Connection', 'close');
    closeAfterAnswer(req, res, clock);
    sendBadRequest(res, `the request has ${String(hosts)} Host headers; send one`, []);
  };
}
