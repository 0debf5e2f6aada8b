import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Clock } from '../clock/clock.js';

/**
 * How long a connection stays half-closed after an early answer before it is closed: Go's
 * server waits this long (`rstAvoidanceDelay`) for the same reason.
 */
export const LINGER_MS = 500;

/** A request whose body is announced and not all read (a bodiless GET is not complete yet either). */
export function isBodyStillComing(req: IncomingMessage): boolean {
  if (req.complete) return false;
  const length = req.headers['content-length'];
  return req.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
}

/**
 * Call before answering a request whose body is not wanted (413, 415, 405 with a body): the
 * answer says `Connection: close` and the connection ends after it, as Go's server ends it.
 * Kept open, Node would read and drop whatever the client still sends, gigabytes if it likes.
 * Nothing more is read; after the answer comes a FIN, then, `LINGER_MS` later, the close.
 * Closing at once would make the kernel reset the connection over the unread bytes, which can
 * throw the answer away before the client has read it.
 */
export function closeAfterAnswer(
  req: IncomingMessage,
  res: ServerResponse,
  clock: Pick<Clock, 'setTimeout'>,
): void {
  if (!isBodyStillComing(req)) return;
  res.setHeader('Connection', 'close');
  // Mark the body as being consumed, else Node drains it after the answer; backpressure then
  // holds the rest at the client.
  req.pause();
  req.read(0);
  const socket = req.socket;
  // Node ends a `Connection: close` answer with destroySoon(): FIN, then close at once.
  socket.destroySoon = () => {
    socket.end();
    const timer = clock.setTimeout(() => socket.destroy(), LINGER_MS);
    socket.once('close', () => {
      timer.cancel();
    });
  };
}
