import { createServer, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ListenAddress } from '../config/listen-address.js';

export interface RunningServer {
  readonly server: Server;
  /** The port actually bound (differs from the configured one when that was 0). */
  readonly port: number;
  /** Stops accepting, lets in-flight requests finish, then force-closes after `graceMs`. */
  close(graceMs: number): Promise<void>;
}

/** Starts an HTTP server on a Go-style address and resolves once it is listening. */
export async function listen(
  handler: RequestListener,
  address: ListenAddress,
): Promise<RunningServer> {
  const server = createServer(handler);
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
