import type { RequestListener } from 'node:http';
import { formatListenAddress, type ListenAddress } from '../config/listen-address.js';
import { errorMessage } from '../errors/error-message.js';
import { HeraldError } from '../errors/herald-error.js';
import type { Component } from '../lifecycle/component.js';
import type { Logger } from '../logging/logger.js';
import { listen, type RunningServer } from './listen.js';
import type { ServerLimits } from './server-limits.js';

/** An HTTP server as a component; `port` is the one bound once started. */
export interface ServerComponent extends Component {
  readonly port: number;
}

export interface ServerOptions {
  /** Names it in logs. */
  name: string;
  /** The flag that set the address, named when it cannot be listened on. */
  flag: string;
  address: ListenAddress;
  handler: RequestListener;
  logger: Logger;
  /** Bounds on slow and oversized requests; Node's defaults when absent. */
  limits?: ServerLimits;
}

/**
 * Listens on its address when started, with `limits` on slow and oversized requests when given;
 * on stop, takes no new connections and lets requests in flight finish until the deadline, then
 * closes what is left. An address that cannot be listened on (in use, not local, not allowed)
 * fails the start with one line naming the flag.
 */
export function serverComponent(options: ServerOptions): ServerComponent {
  const { name, flag, address, handler, logger, limits } = options;
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
        throw new HeraldError(
          'HERALD_LISTEN_FAILED',
          `${flag}=${formatListenAddress(address)}: cannot listen (${listenProblem(error)})`,
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

/** What went wrong, in words an operator acts on. */
const LISTEN_PROBLEMS: Readonly<Record<string, string>> = {
  EADDRINUSE: 'the address is already in use',
  EADDRNOTAVAIL: 'the address is not one of this host',
  EACCES: 'not allowed to listen on this port',
};

function listenProblem(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  return (code === undefined ? undefined : LISTEN_PROBLEMS[code]) ?? code ?? errorMessage(error);
}
