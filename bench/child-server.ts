import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { spawnHerald } from '../test/support/herald-process.js';

export interface ChildServer {
  url: string;
  process: ChildProcess;
  stop(): Promise<void>;
}

/** Runs a server script of bench/servers in its own process and waits for its port. */
export async function startChildServer(script: string, args: string[] = []): Promise<ChildServer> {
  const path = fileURLToPath(new URL(`./servers/${script}`, import.meta.url));
  const child = spawn(process.execPath, ['--import', 'tsx', path, ...args], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: child.stdout });
  const port = await new Promise<number>((resolve, reject) => {
    child.once('exit', (code) => {
      reject(new Error(`${script} exited with ${String(code)} before serving`));
    });
    lines.once('line', (line) => {
      resolve((JSON.parse(line) as { port: number }).port);
    });
  });
  return {
    url: `${args.includes('--tls') ? 'https' : 'http'}://127.0.0.1:${port}`,
    process: child,
    stop: () =>
      new Promise((resolve) => {
        child.once('exit', () => {
          resolve();
        });
        child.kill('SIGTERM');
      }),
  };
}

/**
 * Herald itself as the image runs it: the compiled `dist/main.js` (so `npm run bench` builds
 * first), in local mode over an empty manifests folder, logging at info.
 */
export async function startHeraldBuild(): Promise<ChildServer> {
  const manifests = await mkdtemp(join(tmpdir(), 'herald-bench-'));
  const herald = spawnHerald(
    [
      `--manifests=${manifests}`,
      '--events-addr=127.0.0.1:0',
      '--metrics-addr=127.0.0.1:0',
      '--health-addr=127.0.0.1:0',
      '--receiverAddr=127.0.0.1:0',
    ],
    {},
    { built: true },
  );
  const started = await herald.waitForLog((line) => line.msg === 'Started servers');
  return {
    url: `http://${String(started.events)}`,
    process: herald.child,
    stop: async () => {
      herald.child.kill('SIGTERM');
      await herald.exited;
      await rm(manifests, { recursive: true, force: true });
    },
  };
}
