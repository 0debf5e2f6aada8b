import { addAbortSignal, type Readable } from 'node:stream';
import type { OutboundTransport } from './outbound-transport.js';
import { sendDirectAttempt } from './direct-attempt.js';
import { sendProxiedAttempt } from './proxied-attempt.js';

/**
 * How much of a response body is read; the rest is dropped. Large enough for Slack's
 * chat.postMessage answer, which echoes the whole message (up to 39,000 characters) back.
 */
export const MAX_RESPONSE_BODY_BYTES = 1024 * 1024;

/** The methods providers' APIs take: POST mostly, PUT (Matrix), PATCH and GET (comments). */
export type HttpMethod = 'POST' | 'PUT' | 'PATCH' | 'GET';

export interface AttemptRequest {
  readonly method: HttpMethod;
  readonly url: string;
  /** Not sent with GET. */
  readonly body: Buffer;
  readonly headers: Readonly<Record<string, string>>;
  /**
   * Aborts when the time for the attempt is up (connecting, sending and reading the response)
   * or when the caller's signal aborts. Set by the caller from its clock, so the attempt starts
   * no timer of its own.
   */
  readonly deadline: AbortSignal;
  /** The timeout the deadline stands for, to say so when it ends the attempt. */
  readonly timeoutMs: number;
  readonly transport: OutboundTransport;
}

export interface AttemptResponse {
  readonly kind: 'response';
  readonly status: number;
  readonly statusText: string;
  /** Lower-case names; repeated headers joined with `, `. */
  readonly headers: Readonly<Record<string, string>>;
  /** At most {@link MAX_RESPONSE_BODY_BYTES}. */
  readonly body: Buffer;
}

export type AttemptOutcome =
  | AttemptResponse
  | { readonly kind: 'network-error'; readonly code: string; readonly message: string }
  | { readonly kind: 'aborted' };

/**
 * One request, no retries. Never throws: every way it can end is an outcome. Without a proxy
 * it goes straight through Node's client (a delivery's cost is mostly the client's, and axios
 * costs about three times as much per request); through a proxy, axios tunnels it.
 */
export function sendAttempt(
  request: AttemptRequest,
  signal?: AbortSignal,
): Promise<AttemptOutcome> {
  return request.transport.proxy === false
    ? sendDirectAttempt(request, signal)
    : sendProxiedAttempt(request, signal);
}

/**
 * The outcome of an attempt that threw: aborted by the caller (`signal`, which the deadline
 * follows), timed out, or a socket error.
 */
export function failedAttempt(
  request: AttemptRequest,
  signal: AbortSignal | undefined,
  error: unknown,
  message: string,
): AttemptOutcome {
  if (signal?.aborted === true) return { kind: 'aborted' };
  if (request.deadline.aborted) {
    return {
      kind: 'network-error',
      code: 'ETIMEDOUT',
      message: `no response before the ${request.timeoutMs} ms timeout ran out`,
    };
  }
  return { kind: 'network-error', code: errorCodeOf(error), message };
}

/**
 * The body, up to `limitBytes` (the rest is dropped and the stream destroyed). `signal`, when
 * given, ends the reading; the direct client ends its responses itself. Listeners rather than
 * an async iterator: this runs for every delivery, and the iterator showed in profiles.
 */
export function readUpTo(
  stream: Readable,
  limitBytes: number,
  signal?: AbortSignal,
): Promise<Buffer> {
  if (signal !== undefined) addAbortSignal(signal, stream);
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let length = 0;
    let settled = false;
    const done = () => {
      settled = true;
      resolve(Buffer.concat(chunks, Math.min(length, limitBytes)));
    };
    stream.on('data', (chunk: Buffer | string) => {
      const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk);
      chunks.push(buffer);
      length += buffer.length;
      if (length < limitBytes) return;
      // Enough: the rest of the body is not read.
      stream.destroy();
      done();
    });
    stream.once('end', done);
    stream.once('error', reject);
    stream.once('close', () => {
      if (settled) return;
      reject(Object.assign(new Error('Premature close'), { code: 'ERR_STREAM_PREMATURE_CLOSE' }));
    });
  });
}

/** Lower-case names; a repeated header's values joined with `, `. */
export function flattenHeaders(headers: unknown): Record<string, string> {
  const flat: Record<string, string> = {};
  if (typeof headers !== 'object' || headers === null) return flat;
  for (const [name, value] of Object.entries(headers)) {
    if (Array.isArray(value)) flat[name.toLowerCase()] = value.map(String).join(', ');
    else if (typeof value === 'string' || typeof value === 'number') {
      flat[name.toLowerCase()] = String(value);
    }
  }
  return flat;
}

function errorCodeOf(error: unknown): string {
  if (typeof error === 'object' && error !== null && 'code' in error) {
    const { code } = error;
    if (typeof code === 'string' && code !== '') return code;
  }
  return 'ERR_UNKNOWN';
}
