import { connect, type Socket } from 'node:net';

/** One TCP connection a test writes bytes to, keeping everything the server sends back. */
export interface RawConnection {
  readonly socket: Socket;
  /** All the server has sent so far, as latin1 text. */
  received(): string;
  /** Resolves once the connection is closed, with the time it was open for in ms. */
  readonly closed: Promise<number>;
}

/**
 * Opens a connection to a local server for tests that need to send what `fetch` will not (slow,
 * oversized or malformed requests). Write errors after the server has closed are expected and
 * ignored: what the test checks is what came back, and when the connection ended.
 */
export async function openRawConnection(port: number): Promise<RawConnection> {
  const socket = connect(port, '127.0.0.1');
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve).once('error', reject);
  });
  const openedAt = performance.now();
  const chunks: Buffer[] = [];
  socket.on('data', (chunk: Buffer) => chunks.push(chunk));
  socket.on('error', () => undefined);
  const closed = new Promise<number>((resolve) => {
    socket.once('close', () => {
      resolve(performance.now() - openedAt);
    });
  });
  return { socket, received: () => Buffer.concat(chunks).toString('latin1'), closed };
}
