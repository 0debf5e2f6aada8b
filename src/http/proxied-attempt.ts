import type { Readable } from 'node:stream';
import axios from 'axios';
import { errorMessage } from '../errors/error-message.js';
import {
  failedAttempt,
  flattenHeaders,
  MAX_RESPONSE_BODY_BYTES,
  readUpTo,
  type AttemptOutcome,
  type AttemptRequest,
} from './send-attempt.js';

/**
 * One attempt through the transport's proxy, with axios: it sends plain-http targets to the
 * proxy in absolute form and tunnels https ones through `CONNECT`.
 */
export async function sendProxiedAttempt(
  request: AttemptRequest,
  signal?: AbortSignal,
): Promise<AttemptOutcome> {
  const attemptSignal = request.deadline;
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
    return failedAttempt(request, signal, error, errorMessage(error));
  }
}
