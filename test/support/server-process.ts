import { spawn, type ChildProcess } from 'node:child_process';
import { accessSync, constants, createWriteStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createServer, type AddressInfo } from 'node:net';
import { basename, join } from 'node:path';
import { makeTempDir } from '../apiserver/test-support.js';
import { waitFor } from './wait-for.js';

/** Whether `path` is a file this process may run. */
export function executable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * Why a suite that runs real servers cannot run here: undefined when every binary is there, a
 * sentence naming the missing ones and how to install them otherwise. In CI (`CI=true`) a missing
 * binary throws instead: .ci/run installs them, so a skip there would hide a broken install.
 */
export function missingBinariesReason(
  binaries: readonly string[],
  howToInstall: string,
): string | undefined {
  const missing = binaries.filter((path) => !executable(path));
  if (missing.length === 0) return undefined;
  const reason = `${missing.join(' and ')} missing: ${howToInstall}`;
  if (process.env.CI === 'true') throw new Error(reason);
  return reason;
}

/** A TCP port on 127.0.0.1 that was free a moment ago. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => {
        resolve(port);
      });
    });
  });
}

/** Starts `binary` with its stdout and stderr going to the file `log`. */
export function spawnLogged(binary: string, args: readonly string[], log: string): ChildProcess {
  const child = spawn(binary, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  // Appended: a restarted server keeps the first one's lines for failure messages.
  const out = createWriteStream(log, { flags: 'a' });
  child.stdout.pipe(out);
  child.stderr.pipe(out);
  return child;
}

/** SIGTERM, then SIGKILL when it takes longer than `ms`. */
export async function stopProcess(child: ChildProcess, ms = 20_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => {
    child.once('exit', () => {
      resolve();
    });
  });
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), ms);
  await exited;
  clearTimeout(timer);
}

/** A server process started by {@link startServerProcess}. */
export interface ServerProcess {
  /** Its output so far, for failure messages. */
  logs(): Promise<string>;
  /** Stops it and removes its temp dir. */
  close(): Promise<void>;
}

/** How to start one server: its config written into `dir`, its arguments, when it is ready. */
export interface ServerLaunch {
  readonly args: readonly string[];
  /** What is awaited, for the timeout's message (`nats-server on 127.0.0.1:1234`). */
  readonly description: string;
  readonly ready: () => Promise<boolean>;
}

/**
 * Starts `binary` with a temp dir of its own (where `prepare` writes its config), its output in
 * a log there, and waits until `ready` says so; fails with the log when it exits first. A test
 * process that dies without `close` does not leave it behind.
 */
export async function startServerProcess(
  binary: string,
  prepare: (dir: string) => Promise<ServerLaunch>,
  timeoutMs = 60_000,
): Promise<ServerProcess> {
  const name = basename(binary);
  const dir = await makeTempDir(`herald-${name}`);
  const log = join(dir.path, `${name}.log`);
  const logs = () => readFile(log, 'utf8').catch(() => '');
  let child: ChildProcess | undefined;
  let exited: string | undefined;
  const kill = () => child?.kill('SIGKILL');
  process.once('exit', kill);
  const close = async () => {
    process.off('exit', kill);
    if (child !== undefined) await stopProcess(child);
    await dir.remove();
  };
  try {
    const launch = await prepare(dir.path);
    child = spawnLogged(binary, launch.args, log);
    child.once('exit', (code, signal) => {
      exited = `${name} exited (${String(code ?? signal)})`;
    });
    await waitFor(
      async () => {
        if (exited !== undefined) throw new Error(`${exited} while starting:\n${await logs()}`);
        return launch.ready().catch(() => false);
      },
      `${launch.description} to be ready`,
      timeoutMs,
    );
    return { logs, close };
  } catch (error) {
    await close();
    throw error;
  }
}
