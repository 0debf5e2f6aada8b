import { createServer, type RequestListener, type Server, type ServerOptions } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ListenAddress } from '../config/listen-address.js';
import type { ServerLimits } from './server-limits.js';

export interface RunningServer {
  readonly server: Server;
  /** The port actually bound (differs from the configured one when that was 0). */
  readonly port: number;
  /** Stops accepting, lets in-flight requests finish, then force-closes after `graceMs`. */
  close(graceMs: number): Promise<void>;
}

/**
 * Starts an HTTP server on a Go-style address and resolves once it is listening; with `limits`,
 * slow clients are cut off and large headers refused as Go's server would, else Node's defaults
 * apply.
 */
export async function listen(
  handler: RequestListener,
  address: ListenAddress,
  limits?: ServerLimits,
): Promise<RunningServer> {
  const server = createServer(limits === undefined ? {} : nodeServerOptions(limits), handler);
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ host: address.host, port: address.port }, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  return {
    server,
    port,
    close: (graceMs) => closeGracefully(server, graceMs),
  };
}

/**
 * Node checks the two timeouts on a sweep of its connections, every 30 s by default: sweeping
 * every tenth of the header timeout (at most each second) cuts a slow client within 10% of it.
 */
function nodeServerOptions(limits: ServerLimits): ServerOptions {
  return {
    headersTimeout: limits.readHeaderTimeoutMs,
    requestTimeout: limits.readTimeoutMs,
    maxHeaderSize: limits.maxHeaderBytes,
    connectionsCheckingInterval: Math.max(
      1,
      Math.ceil(Math.min(1_000, limits.readHeaderTimeoutMs / 10)),
    ),
  };
}

async function closeGracefully(server: Server, graceMs: number): Promise<void> {
  if (!server.listening) return;
  const closed = new Promise<void>((resolve) =>
    server.close(() => {
      resolve();
    }),
  );
  server.closeIdleConnections();
  const timer = setTimeout(() => {
    server.closeAllConnections();
  }, graceMs);
  timer.unref();
  await closed;
  clearTimeout(timer);
}
