import type { RunningServer } from '../../src/server/listen.js';

/** Tells the parent benchmark which port to load (one JSON line on stdout); stops on SIGTERM. */
export function announcePort(server: RunningServer): void {
  process.stdout.write(`${JSON.stringify({ port: server.port })}\n`);
  process.on('SIGTERM', () => {
    void server.close(1_000).then(() => process.exit(0));
  });
}
