import type { Response } from 'express';
import type { RejectReason } from '../metrics/event-api-metrics.js';
import type { FieldProblem } from './event-validator.js';
import { MAX_EVENT_BODY_BYTES } from './limits.js';

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

const TOO_MANY_REQUESTS = 'Too Many Requests';

/**
 * 429 as Flux's limiter answers it: one event per window, and when the window ends
 * (`resetAt`, an HTTP date).
 */
export function sendRateLimited(res: Response, resetAt: string): number {
  res.writeHead(429, {
    'Content-Type': 'text/plain; charset=utf-8',
    'Content-Length': TOO_MANY_REQUESTS.length,
    'X-RateLimit-Limit': '1',
    'X-RateLimit-Remaining': '0',
    'X-RateLimit-Reset': resetAt,
    'Retry-After': resetAt,
  });
  res.end(TOO_MANY_REQUESTS);
  return TOO_MANY_REQUESTS.length;
}

/** 202 with an empty body: the event is accepted; delivery happens after. */
export function sendAccepted(res: Response): number {
  res.writeHead(202, { 'Content-Length': 0 });
  res.end();
  return 0;
}

/** 500 for a failure of Herald's own, which the log explains. */
export function sendInternalError(res: Response): number {
  return sendJson(res, 500, { error: 'internal error; see the Herald log' });
}

/** body-parser's error types, as it sets them on `error.type`. */
interface BodyParserError {
  type: string;
  message?: string;
}

/** Whether an error came from reading the request body (body-parser sets `type`). */
export function isBodyReadError(error: unknown): error is BodyParserError {
  return (
    typeof error === 'object' &&
    error !== null &&
    typeof (error as { type?: unknown }).type === 'string'
  );
}

/** Answers a request whose body could not be read; returns the rejection reason and size. */
export function sendBodyReadError(
  res: Response,
  error: BodyParserError,
): { reason: RejectReason; bodyBytes: number } {
  const { type, message } = error;
  switch (type) {
    case 'entity.too.large':
      return {
        reason: 'too_large',
        bodyBytes: sendJson(res, 413, {
          error: `request body is larger than ${MAX_EVENT_BODY_BYTES} bytes (3 MiB)`,
        }),
      };
    case 'entity.parse.failed':
      return {
        reason: 'invalid_json',
        bodyBytes: sendBadRequest(res, `invalid JSON: ${message ?? 'cannot parse'}`, []),
      };
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return {
        reason: 'bad_request',
        bodyBytes: sendJson(res, 415, { error: message ?? 'unsupported encoding' }),
      };
    default:
      return {
        reason: 'bad_request',
        bodyBytes: sendJson(res, 400, { error: 'could not read the request body' }),
      };
  }
}
