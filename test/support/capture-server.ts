import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import type { TLSSocket } from 'node:tls';

/** One request as the receiver saw it. */
export interface CapturedRequest {
  readonly method: string;
  /** Path and query, as sent on the request line. */
  readonly path: string;
  readonly headers: http.IncomingHttpHeaders;
  /** The raw body bytes (signatures are checked over exactly these). */
  readonly body: Buffer;
  /** When the whole body had arrived: epoch milliseconds with a fraction, for latency. */
  readonly receivedAtMs: number;
  /** CN of the client certificate, when the server asked for one and got it. */
  readonly clientCertCN?: string;
  /** The client's port: requests with the same one came over the same connection. */
  readonly remotePort?: number;
}

/**
 * How the server answers one request: a status (with headers and body), `hang` (never answer,
 * for timeouts) or `reset` (drop the connection).
 */
export type Reply =
  | {
      readonly status: number;
      /** The reason phrase; Node's standard one when absent. */
      readonly statusMessage?: string;
      readonly headers?: Record<string, string>;
      readonly body?: string;
    }
  | 'hang'
  | 'reset';

/** A reply, or how to make one from the request (an echo of it, say). */
export type ReplyRule = Reply | ((request: CapturedRequest) => Reply);

export interface CaptureServerOptions {
  /** Serve https with these PEMs; `ca` + `requestCert` ask for a client certificate. */
  readonly tls?: { cert: string; key: string; ca?: string; requestCert?: boolean };
  /** The answer once the queued replies are used up. Default: 200 `{"ok":true}`. */
  readonly defaultReply?: ReplyRule;
  /** Port on 127.0.0.1; default 0, a free one. */
  readonly port?: number;
}

export interface CaptureServer {
  /** `http(s)://127.0.0.1:<port>` with no trailing slash. */
  readonly url: string;
  readonly requests: readonly CapturedRequest[];
  /** Queues answers for the next requests, in order. */
  reply(...replies: Reply[]): void;
  /** Resolves once `count` requests have arrived. */
  waitForRequests(count: number): Promise<void>;
  /** Client connections open now. */
  openConnections(): Promise<number>;
  close(): Promise<void>;
}

const OK_REPLY: Reply = { status: 200, body: '{"ok":true}' };

/** A receiver on 127.0.0.1, a free port, recording every request. */
export async function startCaptureServer(
  options: CaptureServerOptions = {},
): Promise<CaptureServer> {
  const requests: CapturedRequest[] = [];
  const queued: Reply[] = [];
  const waiters: { count: number; resolve: () => void }[] = [];

  const handle = (req: http.IncomingMessage, res: http.ServerResponse): void => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const socket = req.socket as Partial<TLSSocket>;
      const peer = socket.getPeerCertificate?.();
      const cn = peer?.subject === undefined ? undefined : peer.subject.CN;
      const request: CapturedRequest = {
        method: req.method ?? '',
        path: req.url ?? '',
        headers: req.headers,
        ...(req.socket.remotePort === undefined ? {} : { remotePort: req.socket.remotePort }),
        body: Buffer.concat(chunks),
        receivedAtMs: performance.timeOrigin + performance.now(),
        ...(typeof cn === 'string' ? { clientCertCN: cn } : {}),
      };
      requests.push(request);
      for (const waiter of waiters.filter((w) => requests.length >= w.count)) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve();
      }
      const rule = queued.shift() ?? options.defaultReply ?? OK_REPLY;
      answer(res, typeof rule === 'function' ? rule(request) : rule);
    });
  };

  const server =
    options.tls === undefined
      ? http.createServer(handle)
      : https.createServer(
          {
            cert: options.tls.cert,
            key: options.tls.key,
            ...(options.tls.ca === undefined ? {} : { ca: options.tls.ca }),
            requestCert: options.tls.requestCert ?? false,
            rejectUnauthorized: options.tls.requestCert ?? false,
          },
          handle,
        );
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;

  return {
    url: `${options.tls === undefined ? 'http' : 'https'}://127.0.0.1:${port}`,
    requests,
    reply: (...replies) => queued.push(...replies),
    waitForRequests: (count) =>
      requests.length >= count
        ? Promise.resolve()
        : new Promise((resolve) => waiters.push({ count, resolve })),
    openConnections: () =>
      new Promise((resolve, reject) => {
        server.getConnections((error, count) => {
          if (error) reject(error);
          else resolve(count);
        });
      }),
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => {
          resolve();
        });
        server.closeAllConnections();
      }),
  };
}

function answer(res: http.ServerResponse, reply: Reply): void {
  if (reply === 'hang') return;
  if (reply === 'reset') {
    res.socket?.destroy();
    return;
  }
  res.writeHead(reply.status, reply.statusMessage, reply.headers);
  res.end(reply.body);
}
