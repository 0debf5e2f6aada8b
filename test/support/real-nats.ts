import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { freePort, missingBinariesReason, startServerProcess } from './server-process.js';

/** Debian's `nats-server` package installs the binary here. */
const NATS_SERVER_BIN = process.env.HERALD_NATS_SERVER_BIN ?? '/usr/sbin/nats-server';

/** Why the NATS suites cannot run here; in CI a missing binary fails instead. */
export function realNatsSkipReason(): string | undefined {
  return missingBinariesReason(
    [NATS_SERVER_BIN],
    'install it with `apt-get install nats-server` (.ci/run does)',
  );
}

export interface NatsUser {
  readonly user: string;
  readonly password: string;
  /** Subjects the user may publish to; any when absent. */
  readonly publish?: readonly string[];
}

export interface RealNatsOptions {
  /** Users with passwords, or one token every client must present. */
  readonly auth?: { readonly users: readonly NatsUser[] } | { readonly token: string };
  /** The server's `max_payload`, in bytes (nats-server's default: 1 MiB). */
  readonly maxPayload?: number;
}

export interface RealNats {
  /** `nats://127.0.0.1:<port>` */
  readonly url: string;
  logs(): Promise<string>;
  close(): Promise<void>;
}

/** nats-server's config file: strings JSON-quoted, which its format reads as they are. */
function configOf(port: number, monitorPort: number, options: RealNatsOptions): string {
  const lines = [`listen: "127.0.0.1:${String(port)}"`, `http: "127.0.0.1:${String(monitorPort)}"`];
  if (options.maxPayload !== undefined) lines.push(`max_payload: ${String(options.maxPayload)}`);
  const { auth } = options;
  if (auth !== undefined && 'token' in auth) {
    lines.push(`authorization { token: ${JSON.stringify(auth.token)} }`);
  } else if (auth !== undefined) {
    const users = auth.users.map(({ user, password, publish }) => {
      const permissions =
        publish === undefined
          ? ''
          : `, permissions: { publish: ${JSON.stringify(publish)}, subscribe: [">"] }`;
      return `{ user: ${JSON.stringify(user)}, password: ${JSON.stringify(password)}${permissions} }`;
    });
    lines.push(`authorization { users: [ ${users.join(', ')} ] }`);
  }
  return `${lines.join('\n')}\n`;
}

/**
 * nats-server on a free loopback port with its config in a temp dir (the package's service is
 * left alone), ready once its monitoring port answers `/healthz`.
 */
export async function startRealNats(options: RealNatsOptions = {}): Promise<RealNats> {
  const [port, monitorPort] = [await freePort(), await freePort()];
  const server = await startServerProcess(NATS_SERVER_BIN, async (dir) => {
    const config = join(dir, 'nats-server.conf');
    await writeFile(config, configOf(port, monitorPort, options));
    return {
      args: ['-c', config],
      description: `nats-server on 127.0.0.1:${String(port)}`,
      ready: async () =>
        (await fetch(`http://127.0.0.1:${String(monitorPort)}/healthz`)).status === 200,
    };
  });
  return { url: `nats://127.0.0.1:${String(port)}`, ...server };
}
