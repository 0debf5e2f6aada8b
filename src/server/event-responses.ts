import type { Response } from 'express';
import type { FieldProblem } from './event-validator.js';
import { MAX_EVENT_BODY_BYTES } from './limits.js';
import type { BodyReadError } from './read-json-body.js';

// Every answer is written with `writeHead` (duplicates are the hot path of a noisy cluster)
// and returns its body size in bytes, for Flux's response-size histogram.

/** A JSON body, as `res.json` would send it. */
function sendJson(
  res: Response,
  status: number,
  value: unknown,
  headers: Record<string, string> = {},
): number {
  const body = JSON.stringify(value);
  const bytes = Buffer.byteLength(body);
  res.writeHead(status, {
    ...headers,
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': bytes,
  });
  res.end(body);
  return bytes;
}

/** 400 with a body that says what is wrong, field by field (Flux answers an empty 400). */
export function sendBadRequest(res: Response, error: string, details: FieldProblem[]): number {
  return sendJson(res, 400, { error, details });
}

/** 405 naming the method, with the one that is allowed. */
export function sendMethodNotAllowed(res: Response, method: string): number {
  return sendJson(
    res,
    405,
    { error: `method ${method} is not allowed; POST an event` },
    {
      Allow: 'POST',
    },
  );
}

/** Go's `http.Error` text for a 429, with the newline it writes after it. */
const TOO_MANY_REQUESTS = 'Too Many Requests\n';

/**
 * 429 as Flux's limiter (go-limiter's httplimit, answering with Go's `http.Error`): one event
 * per window, none left, and when the window ends (`resetAt`, an HTTP date) in
 * `X-RateLimit-Reset` and `Retry-After`.
 */
export function sendRateLimited(res: Response, resetAt: string): number {
  res.writeHead(429, {
    'Content-Type': 'text/plain; charset=utf-8',
    'X-Content-Type-Options': 'nosniff',
    'Content-Length': TOO_MANY_REQUESTS.length,
    'X-RateLimit-Limit': '1',
    'X-RateLimit-Remaining': '0',
    'X-RateLimit-Reset': resetAt,
    'Retry-After': resetAt,
  });
  res.end(TOO_MANY_REQUESTS);
  return TOO_MANY_REQUESTS.length;
}

/**
 * 202 with an empty body: the event is accepted; delivery happens after. httplimit sets its
 * headers on every request it lets through: the one event of the window is taken, so none
 * remains until `resetAt`. No `Retry-After`: that is for the 429.
 */
export function sendAccepted(res: Response, resetAt: string): number {
  res.writeHead(202, {
    'Content-Length': 0,
    'X-RateLimit-Limit': '1',
    'X-RateLimit-Remaining': '0',
    'X-RateLimit-Reset': resetAt,
  });
  res.end();
  return 0;
}

/** How long a producer turned away at start-up should wait before it tries again. */
const START_UP_RETRY_AFTER_SECONDS = 5;

/**
 * 503 while Herald cannot take an event it would have to keep (its routing is not built and
 * as many events as it holds are waiting): Flux's controllers retry it.
 */
export function sendUnavailable(res: Response): number {
  return sendJson(
    res,
    503,
    { error: 'not ready to route events yet; retry shortly' },
    {
      'Retry-After': String(START_UP_RETRY_AFTER_SECONDS),
    },
  );
}

/** 500 for a failure of Herald's own, which the log explains. */
export function sendInternalError(res: Response): number {
  return sendJson(res, 500, { error: 'internal error; see the Herald log' });
}

/** Answers a request whose body could not be read; returns the body size. */
export function sendBodyReadError(res: Response, error: BodyReadError): number {
  switch (error.failure) {
    case 'too_large':
      return sendJson(res, 413, {
        error: `request body is larger than ${MAX_EVENT_BODY_BYTES} bytes (3 MiB)`,
      });
    case 'invalid_json':
      return sendBadRequest(res, `invalid JSON: ${error.message}`, []);
    case 'unsupported_encoding':
      return sendJson(res, 415, { error: error.message });
    case 'aborted':
      // Most likely nobody reads this: the client went away.
      return sendJson(res, 400, { error: error.message });
  }
}
