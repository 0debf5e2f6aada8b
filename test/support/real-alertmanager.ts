import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { freePort, missingBinariesReason, startServerProcess } from './server-process.js';

/** Debian's `prometheus-alertmanager` package installs the binary under this name. */
const ALERTMANAGER_BIN = process.env.HERALD_ALERTMANAGER_BIN ?? '/usr/bin/prometheus-alertmanager';
/** A user whose password Alertmanager checks against {@link BASIC_AUTH_HASH}. */
export const ALERTMANAGER_USER = 'herald';
export const ALERTMANAGER_PASSWORD = 'herald-am-password';
/** bcrypt (cost 4) of ALERTMANAGER_PASSWORD: Alertmanager's web config takes only hashes. */
const BASIC_AUTH_HASH = '$2b$04$Gf4dewAXZ9ufs.P.BkbLNOjxbIwofJIOLewVjxE6ynePtKLHvRj3u';

// Alerts go nowhere: the tests read them back from the API.
const CONFIG = `route:
  receiver: nowhere
receivers:
  - name: nowhere
`;

/** Why the Alertmanager suites cannot run here; in CI a missing binary fails instead. */
export function realAlertmanagerSkipReason(): string | undefined {
  return missingBinariesReason(
    [ALERTMANAGER_BIN],
    'install it with `apt-get install prometheus-alertmanager` (.ci/run does)',
  );
}

/** One alert as `GET /api/v2/alerts` lists it (the fields the tests read). */
export interface ListedAlert {
  labels: Record<string, string>;
  annotations: Record<string, string>;
  startsAt: string;
  endsAt: string;
  status: { state: string };
}

export interface RealAlertmanager {
  /** `http://127.0.0.1:<port>` */
  readonly url: string;
  /** `GET /api/v2/alerts`, with the basic-auth user when the server asks for one. */
  alerts(): Promise<ListedAlert[]>;
  /** Its log so far, for failure messages. */
  logs(): Promise<string>;
  close(): Promise<void>;
}

/**
 * Alertmanager on a free loopback port, clustering off, with its own config and storage in a
 * temp dir (the package's service and /etc/prometheus are left alone). With `basicAuth` its web
 * config asks every request for {@link ALERTMANAGER_USER}'s password.
 */
export async function startRealAlertmanager(
  options: { basicAuth?: boolean } = {},
): Promise<RealAlertmanager> {
  const authorization =
    options.basicAuth === true
      ? `Basic ${Buffer.from(`${ALERTMANAGER_USER}:${ALERTMANAGER_PASSWORD}`).toString('base64')}`
      : undefined;
  const get = (url: string) =>
    fetch(url, { headers: authorization === undefined ? {} : { authorization } });
  const url = `http://127.0.0.1:${String(await freePort())}`;
  const server = await startServerProcess(ALERTMANAGER_BIN, async (dir) => {
    await writeFile(join(dir, 'alertmanager.yml'), CONFIG);
    const args = [
      `--config.file=${join(dir, 'alertmanager.yml')}`,
      `--storage.path=${join(dir, 'data')}`,
      `--web.listen-address=${new URL(url).host}`,
      '--cluster.listen-address=', // no gossip port: a lone instance
    ];
    if (options.basicAuth === true) {
      await writeFile(
        join(dir, 'web.yml'),
        `basic_auth_users:\n  ${ALERTMANAGER_USER}: ${BASIC_AUTH_HASH}\n`,
      );
      args.push(`--web.config.file=${join(dir, 'web.yml')}`);
    }
    return {
      args,
      description: `Alertmanager at ${url}`,
      ready: async () => (await get(`${url}/-/ready`)).status === 200,
    };
  });
  return {
    url,
    alerts: async () => {
      const response = await get(`${url}/api/v2/alerts`);
      if (response.status !== 200) throw new Error(`GET /api/v2/alerts: ${response.status}`);
      return (await response.json()) as ListedAlert[];
    },
    ...server,
  };
}
