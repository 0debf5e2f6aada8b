import { spawnSync, type ChildProcess } from 'node:child_process';
import { readFile, rename, writeFile } from 'node:fs/promises';
import { request } from 'node:https';
import { join } from 'node:path';
import { connectKubeClient } from '../../src/kube/kube-client.js';
import { makeTempDir } from '../apiserver/test-support.js';
import type { KubeServerFixture } from './kube-fixture.js';
import { freePort, missingBinariesReason, spawnLogged, stopProcess } from './server-process.js';
import { waitFor } from './wait-for.js';

/** Where scripts/real-apiserver/build.sh puts the binary (same variable, same default). */
export const REAL_APISERVER_DIR =
  process.env.HERALD_KUBE_APISERVER_DIR ?? '/var/cache/herald/kube-apiserver-1.20.2';
const APISERVER_BIN = join(REAL_APISERVER_DIR, 'bin', 'kube-apiserver');
const ETCD_BIN = '/usr/bin/etcd';
const ADMIN_TOKEN = 'herald-test-admin-token';
/** A cold start (etcd, then RBAC bootstrap) takes a few seconds; a busy machine needs more. */
const START_TIMEOUT_MS = 120_000;

/**
 * Why a real-server suite cannot run here, or undefined when it can. In CI (`CI=true`) a missing
 * binary is an error, not a skip: .ci/run builds it first.
 */
export function realApiServerSkipReason(): string | undefined {
  return missingBinariesReason(
    [APISERVER_BIN, ETCD_BIN],
    'build the real API server with `sudo scripts/real-apiserver/build.sh` ' +
      '(Debian bookworm, about 12 minutes on 2 cores, once)',
  );
}

/** `kubeconfig` and `client()` use the admin token (group system:masters). */
export interface RealKubeFixture extends KubeServerFixture {
  /** `https://127.0.0.1:PORT` */
  url: string;
  /** The cluster CA, to write kubeconfigs for other users. */
  caPem: string;
  /** A kubeconfig file for the same server with another bearer token. */
  writeKubeconfig(file: string, token: string): Promise<void>;
  /** The audit log so far: every request, who made it and its response code. */
  auditEvents(): Promise<AuditEvent[]>;
  /**
   * Stops kube-apiserver (SIGTERM, as a rolling update does; SIGKILL after 5 s), runs
   * `whileDown`, and starts it again on the same port and etcd; resolves once it answers /readyz.
   */
  restartApiServer(options?: { whileDown?: () => Promise<void> }): Promise<void>;
  /**
   * Compacts etcd at its current revision (what kube-apiserver does every 5 minutes), so a
   * watch resumed from any resourceVersion handed out so far gets 410 Gone. Returns the revision.
   */
  compactEtcd(): Promise<number>;
  /** Both processes' output so far, for failure messages. */
  logs(): Promise<string>;
  /** From each start of kube-apiserver until /readyz answered 200 (the last may be open). */
  startingWindows(): readonly { from: Date; to?: Date }[];
}

/** The fields of an audit.k8s.io/v1 Event (level Metadata) the tests look at. */
export interface AuditEvent {
  verb: string;
  /** RFC 3339 with microseconds. */
  requestReceivedTimestamp: string;
  requestURI: string;
  user: { username: string };
  objectRef?: { apiGroup?: string; resource?: string; subresource?: string; namespace?: string };
  responseStatus?: { code: number };
}

// Metadata for every request once it completes: who asked for what, and the response code.
const AUDIT_POLICY = `apiVersion: audit.k8s.io/v1
kind: Policy
omitStages: [RequestReceived, ResponseStarted]
rules:
  - level: Metadata
`;

function openssl(cwd: string, args: readonly string[]): void {
  const result = spawnSync('openssl', args, { cwd, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`openssl ${args[0]} failed: ${result.stderr}`);
}

/** A CA, a serving certificate for 127.0.0.1 and a service-account signing key, in `dir`. */
function writePki(dir: string): void {
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes'];
  openssl(
    dir,
    ['req', '-x509', ...ec, '-days', '2', '-subj', '/CN=herald-real-apiserver-ca'].concat([
      '-keyout',
      'ca.key',
      '-out',
      'ca.crt',
    ]),
  );
  openssl(dir, [
    'req',
    ...ec,
    '-subj',
    '/CN=127.0.0.1',
    '-keyout',
    'server.key',
    '-out',
    'server.csr',
  ]);
  openssl(
    dir,
    ['x509', '-req', '-in', 'server.csr', '-CA', 'ca.crt', '-CAkey', 'ca.key'].concat([
      '-CAcreateserial',
      '-days',
      '2',
      '-extfile',
      'server.ext',
      '-out',
      'server.crt',
    ]),
  );
  openssl(dir, ['ecparam', '-name', 'prime256v1', '-genkey', '-noout', '-out', 'sa.key']);
}

function kubeconfigYaml(url: string, caPem: string, token: string): string {
  const ca = Buffer.from(caPem).toString('base64');
  return [
    'apiVersion: v1',
    'kind: Config',
    `clusters: [{name: real, cluster: {server: "${url}", certificate-authority-data: ${ca}}}]`,
    `users: [{name: user, user: {token: "${token}"}}]`,
    'contexts: [{name: real, context: {cluster: real, user: user}}]',
    'current-context: real',
    '',
  ].join('\n');
}

/** GET `path` with the admin token; the status code, or undefined when nothing answers. */
function probe(url: string, caPem: string, path: string): Promise<number | undefined> {
  return new Promise((resolve) => {
    const req = request(
      `${url}${path}`,
      { ca: caPem, headers: { authorization: `Bearer ${ADMIN_TOKEN}` }, timeout: 5_000 },
      (res) => {
        res.resume();
        resolve(res.statusCode);
      },
    );
    req.on('error', () => {
      resolve(undefined);
    });
    req.on('timeout', () => req.destroy());
    req.end();
  });
}

/** A call to etcd's v3 JSON gateway (no etcdctl needed). */
async function etcdCall(etcdUrl: string, path: string, body: object): Promise<unknown> {
  const response = await fetch(`${etcdUrl}${path}`, {
    method: 'POST',
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(30_000),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`etcd ${path} answered ${response.status}: ${text}`);
  return JSON.parse(text);
}

async function compactEtcd(etcdUrl: string): Promise<number> {
  // Any range answers with the store's current revision in its header.
  const range = (await etcdCall(etcdUrl, '/v3/kv/range', {
    key: Buffer.from('/').toString('base64'),
    count_only: true,
  })) as { header: { revision: string } };
  const revision = range.header.revision;
  await etcdCall(etcdUrl, '/v3/kv/compaction', { revision, physical: true });
  return Number(revision);
}

/**
 * etcd and kube-apiserver 1.20.2 (scripts/real-apiserver/build.sh) on loopback ports, with TLS,
 * a static admin token, RBAC and service-account tokens, and the given namespaces created.
 * No controller-manager runs: nothing deletes a terminating namespace's content, and no
 * ServiceAccount gets a token Secret (`kubectl create token` works).
 */
export async function startRealKubeFixture(
  namespaces: readonly string[] = [],
): Promise<RealKubeFixture> {
  const dir = await makeTempDir('herald-real-api');
  let closing = false;
  let exitedEarly: string | undefined;
  /** Stopped on purpose (a restart): its exit is no failure. */
  const stopping = new Set<ChildProcess>();
  let etcd: ChildProcess | undefined;
  let apiserver: ChildProcess | undefined;
  const etcdLog = join(dir.path, 'etcd.log');
  const apiserverLog = join(dir.path, 'kube-apiserver.log');
  const logFiles = [etcdLog, apiserverLog];
  const logs = async () =>
    (await Promise.all(logFiles.map((file) => readFile(file, 'utf8').catch(() => '')))).join('\n');
  const running = () => [apiserver, etcd].filter((child) => child !== undefined);
  // A test process that dies without close() must not leave etcd and kube-apiserver behind.
  const killAll = () => {
    for (const child of running()) child.kill('SIGKILL');
  };
  process.once('exit', killAll);
  const close = async () => {
    closing = true;
    process.off('exit', killAll);
    for (const child of running()) await stopProcess(child);
    await dir.remove();
  };
  const spawnWatched = (binary: string, args: readonly string[], log: string) => {
    const child = spawnLogged(binary, args, log);
    child.once('exit', (code, signal) => {
      if (!closing && !stopping.has(child))
        exitedEarly = `${child.spawnfile} exited (${code ?? signal})`;
    });
    return child;
  };
  try {
    await writeFile(
      join(dir.path, 'server.ext'),
      'subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n',
    );
    writePki(dir.path);
    const caPem = await readFile(join(dir.path, 'ca.crt'), 'utf8');
    await writeFile(join(dir.path, 'audit-policy.yaml'), AUDIT_POLICY);
    const auditLog = join(dir.path, 'audit.log');
    await writeFile(join(dir.path, 'tokens.csv'), `${ADMIN_TOKEN},admin,admin,system:masters\n`);

    const [etcdPort, peerPort, apiPort] = [await freePort(), await freePort(), await freePort()];
    const etcdUrl = `http://127.0.0.1:${etcdPort}`;
    const peerUrl = `http://127.0.0.1:${peerPort}`;
    etcd = spawnWatched(
      ETCD_BIN,
      [
        '--name=herald-test',
        `--data-dir=${join(dir.path, 'etcd')}`,
        `--listen-client-urls=${etcdUrl}`,
        `--advertise-client-urls=${etcdUrl}`,
        `--listen-peer-urls=${peerUrl}`,
        `--initial-advertise-peer-urls=${peerUrl}`,
        `--initial-cluster=herald-test=${peerUrl}`,
      ],
      etcdLog,
    );
    const sa = join(dir.path, 'sa.key');
    const apiserverArgs = [
      `--etcd-servers=${etcdUrl}`,
      '--bind-address=127.0.0.1',
      '--advertise-address=127.0.0.1',
      `--secure-port=${apiPort}`,
      '--insecure-port=0',
      `--cert-dir=${join(dir.path, 'certs')}`,
      `--tls-cert-file=${join(dir.path, 'server.crt')}`,
      `--tls-private-key-file=${join(dir.path, 'server.key')}`,
      `--token-auth-file=${join(dir.path, 'tokens.csv')}`,
      '--authorization-mode=RBAC',
      `--service-account-key-file=${sa}`,
      `--service-account-signing-key-file=${sa}`,
      '--service-account-issuer=https://kubernetes.default.svc.cluster.local',
      '--service-cluster-ip-range=10.0.0.0/24',
      `--audit-policy-file=${join(dir.path, 'audit-policy.yaml')}`,
      `--audit-log-path=${auditLog}`,
      '--audit-log-mode=blocking', // each request's line is written before it is answered
    ];
    const startingWindows: { from: Date; to?: Date }[] = [];
    const startApiServer = () => {
      startingWindows.push({ from: new Date() });
      apiserver = spawnWatched(APISERVER_BIN, apiserverArgs, apiserverLog);
    };
    startApiServer();
    const url = `https://127.0.0.1:${apiPort}`;
    const ready = async () => {
      await waitFor(
        async () => {
          if (exitedEarly) throw new Error(`${exitedEarly} while starting:\n${await logs()}`);
          return (await probe(url, caPem, '/readyz')) === 200;
        },
        `kube-apiserver at ${url} to answer /readyz`,
        START_TIMEOUT_MS,
      );
      const starting = startingWindows.at(-1);
      if (starting) starting.to = new Date();
    };
    await ready();

    const writeKubeconfig = async (file: string, token: string) => {
      // Atomic, as the in-repo server's: a reader never sees half a file.
      await writeFile(`${file}.partial`, kubeconfigYaml(url, caPem, token));
      await rename(`${file}.partial`, file);
    };
    const kubeconfig = join(dir.path, 'kubeconfig');
    await writeKubeconfig(kubeconfig, ADMIN_TOKEN);
    const client = () => connectKubeClient({ kind: 'kubeconfig', path: kubeconfig }, { env: {} });
    const admin = client();
    for (const name of ['flux-system', ...namespaces]) {
      await admin.core.createNamespace({ body: { metadata: { name } } });
    }
    return {
      url,
      kubeconfig,
      caPem,
      writeKubeconfig,
      client,
      auditEvents: async () =>
        (await readFile(auditLog, 'utf8'))
          .split('\n')
          .filter((line) => line !== '')
          .map((line) => JSON.parse(line) as AuditEvent),
      logs,
      startingWindows: () => startingWindows,
      restartApiServer: async (options = {}) => {
        const old = apiserver;
        if (old !== undefined) {
          stopping.add(old);
          // It stops listening at once but keeps open watches streaming (still, 20 s on).
          await stopProcess(old, 5_000);
        }
        apiserver = undefined;
        await options.whileDown?.();
        startApiServer();
        await ready();
      },
      compactEtcd: () => compactEtcd(etcdUrl),
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}
