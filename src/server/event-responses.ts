import type { Response } from 'express';
import type { RejectReason } from '../metrics/event-api-metrics.js';
import type { FieldProblem } from './event-validator.js';
import { MAX_EVENT_BODY_BYTES } from './limits.js';

/** 400 with a body that says what is wrong, field by field (Flux answers an empty 400). */
export function sendBadRequest(res: Response, error: string, details: FieldProblem[]): void {
  res.status(400).json({ error, details });
}

const TOO_MANY_REQUESTS = 'Too Many Requests';

/**
 * 429 as Flux's limiter answers it: one event per window, and when the window ends. Written
 * with `writeHead` because duplicates are the hot path of a noisy cluster.
 */
export function sendRateLimited(res: Response, resetAtMs: number): void {
  const reset = new Date(resetAtMs).toUTCString();
  res.writeHead(429, {
    'Content-Type': 'text/plain; charset=utf-8',
    'Content-Length': TOO_MANY_REQUESTS.length,
    'X-RateLimit-Limit': '1',
    'X-RateLimit-Remaining': '0',
    'X-RateLimit-Reset': reset,
    'Retry-After': reset,
  });
  res.end(TOO_MANY_REQUESTS);
}

/** 202 with an empty body: the event is accepted; delivery happens after. */
export function sendAccepted(res: Response): void {
  res.writeHead(202, { 'Content-Length': 0 });
  res.end();
}

/** body-parser's error types, as it sets them on `error.type`. */
interface BodyParserError {
  type?: string;
  message?: string;
}

/** Answers a request the body parser refused; returns the reason for the rejection counter. */
export function sendRequestError(res: Response, error: unknown): RejectReason {
  const { type, message } = (
    typeof error === 'object' && error !== null ? error : {}
  ) as BodyParserError;
  switch (type ?? '') {
    case 'entity.too.large':
      res
        .status(413)
        .json({ error: `request body is larger than ${MAX_EVENT_BODY_BYTES} bytes (3 MiB)` });
      return 'too_large';
    case 'entity.parse.failed':
      sendBadRequest(res, `invalid JSON: ${message ?? 'cannot parse'}`, []);
      return 'invalid_json';
    case 'encoding.unsupported':
    case 'charset.unsupported':
      res.status(415).json({ error: message ?? 'unsupported encoding' });
      return 'bad_request';
    default:
      res.status(400).json({ error: 'could not read the request body' });
      return 'bad_request';
  }
}
