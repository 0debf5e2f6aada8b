import type { RequestListener } from 'node:http';
import { formatListenAddress, type ListenAddress } from '../config/listen-address.js';
import { HeraldError } from '../errors/herald-error.js';
import type { Component } from '../lifecycle/component.js';
import type { Logger } from '../logging/logger.js';
import { listen, type RunningServer } from './listen.js';
import type { ServerLimits } from './server-limits.js';

/** An HTTP server as a component; `port` is the one bound once started. */
export interface ServerComponent extends Component {
  readonly port: number;
}

/**
 * Listens on `address` when started, with `limits` on slow and oversized requests when given;
 * on stop, takes no new connections and lets requests in flight finish until the deadline,
 * then closes what is left. A port already taken fails the start, naming the address.
 */
export function serverComponent(
  name: string,
  handler: RequestListener,
  address: ListenAddress,
  logger: Logger,
  limits?: ServerLimits,
): ServerComponent {
  let running: RunningServer | undefined;
  return {
    name,
    scope: 'every-replica',
    get port() {
      return running?.port ?? 0;
    },
    async start() {
      try {
        running = await listen(handler, address, limits);
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code ?? String(error);
        throw new HeraldError(
          'HERALD_LISTEN_FAILED',
          `cannot listen on ${formatListenAddress(address)} (${name}): ${code}`,
          { cause: error },
        );
      }
      logger.debug({ server: name, port: running.port }, 'Listening');
    },
    async stop(deadline) {
      await running?.close(deadline.remainingMs());
    },
  };
}
