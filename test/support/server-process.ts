import { spawn, type ChildProcess } from 'node:child_process';
import { accessSync, constants, createWriteStream } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';

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
  const out = createWriteStream(log);
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
