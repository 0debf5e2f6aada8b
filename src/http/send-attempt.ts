import { addAbortSignal, type Readable } from 'node:stream';
import axios from 'axios';
import type { OutboundTransport } from './outbound-transport.js';
import { errorMessage } from '../errors/error-message.js';

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
   * Aborts when the time for the attempt is up: connecting, sending and reading the response.
   * Set by the caller from its clock, so the attempt starts no timer of its own.
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

/** One request, no retries. Never throws: every way it can end is an outcome. */
export async function sendAttempt(
  request: AttemptRequest,
  signal?: AbortSignal,
): Promise<AttemptOutcome> {
  const { deadline } = request;
  const attemptSignal = signal === undefined ? deadline : AbortSignal.any([signal, deadline]);
  try {
    const response = await axios.request<Readable>({
      method: request.method,
      url: request.url,
      ...(request.method === 'GET' ? {} : { data: request.body }),
      headers: request.headers,
      responseType: 'stream',
      // Every status is an outcome for the retry policy, not an exception.
      validateStatus: () => true,
      // A redirect would replay the Authorization header to another host; Flux's receivers
      // do not redirect, so a 3xx is reported instead of followed.
      maxRedirects: 0,
      maxBodyLength: Infinity,
      proxy: request.transport.proxy,
      httpAgent: request.transport.httpAgent,
      httpsAgent: request.transport.httpsAgent,
      signal: attemptSignal,
    });
    const body = await readUpTo(response.data, MAX_RESPONSE_BODY_BYTES, attemptSignal);
    return {
      kind: 'response',
      status: response.status,
      statusText: response.statusText,
      headers: flattenHeaders(response.headers),
      body,
    };
  } catch (error) {
    if (signal?.aborted === true) return { kind: 'aborted' };
    if (deadline.aborted) {
      return {
        kind: 'network-error',
        code: 'ETIMEDOUT',
        message: `no response before the ${request.timeoutMs} ms timeout ran out`,
      };
    }
    return { kind: 'network-error', code: errorCodeOf(error), message: errorMessage(error) };
  }
}

async function readUpTo(
  stream: Readable,
  limitBytes: number,
  signal: AbortSignal,
): Promise<Buffer> {
  addAbortSignal(signal, stream);
  const chunks: Buffer[] = [];
  let length = 0;
  for await (const chunk of stream) {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
    chunks.push(buffer);
    length += buffer.length;
    // Leaving the loop destroys the stream, and with it the rest of the body.
    if (length >= limitBytes) break;
  }
  return Buffer.concat(chunks).subarray(0, limitBytes);
}

function flattenHeaders(headers: unknown): Record<string, string> {
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
