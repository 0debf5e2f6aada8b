import http from 'node:http';
import https from 'node:https';
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
 * One attempt straight to the receiver with Node's client, over the transport's pooled agents
 * (their lookup guards the addresses, their TLS material is the Provider's). A redirect is an
 * answer like any other: it is never followed, so the Authorization header cannot be replayed to
 * another host. Userinfo in the URL becomes Basic auth unless an Authorization header is set,
 * as Go's client does.
 */
export async function sendDirectAttempt(
  request: AttemptRequest,
  signal?: AbortSignal,
): Promise<AttemptOutcome> {
  const deadline = request.deadline;
  let outgoing: http.ClientRequest | undefined;
  let response: http.IncomingMessage | undefined;
  // One listener ends the request and its response: the client's `signal` option costs two
  // stream end-of-stream watchers per attempt, which profiles showed.
  const abort = () => {
    const error = Object.assign(new Error('The operation was aborted'), { code: 'ABORT_ERR' });
    response?.destroy(error);
    outgoing?.destroy(error);
  };
  try {
    if (deadline.aborted) throw new Error('The operation was aborted');
    deadline.addEventListener('abort', abort, { once: true });
    const url = new URL(request.url);
    const secure = url.protocol === 'https:';
    const withBody = request.method !== 'GET';
    response = await new Promise<http.IncomingMessage>((resolve, reject) => {
      outgoing = (secure ? https : http).request(url, {
        method: request.method,
        agent: secure ? request.transport.httpsAgent : request.transport.httpAgent,
        headers: withBody
          ? { ...request.headers, 'Content-Length': String(request.body.length) }
          : request.headers,
      });
      outgoing.once('response', resolve);
      outgoing.once('error', reject);
      outgoing.end(withBody ? request.body : undefined);
    });
    const body = await readUpTo(response, MAX_RESPONSE_BODY_BYTES);
    return {
      kind: 'response',
      status: response.statusCode ?? 0,
      statusText: response.statusMessage ?? '',
      headers: flattenHeaders(response.headers),
      body,
    };
  } catch (error) {
    return failedAttempt(request, signal, error, errorMessage(error));
  } finally {
    deadline.removeEventListener('abort', abort);
  }
}
