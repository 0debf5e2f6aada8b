import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { waitFor } from './wait-for.js';

/** Herald's servers on free loopback ports (each process names them in 'Started servers'). */
export const LOOPBACK_FLAGS: readonly string[] = [
  '--events-addr=127.0.0.1:0',
  '--metrics-addr=127.0.0.1:0',
  '--health-addr=127.0.0.1:0',
  '--receiverAddr=127.0.0.1:0',
];

const SOURCE_MAIN = fileURLToPath(new URL('../../src/main.ts', import.meta.url));
const BUILT_MAIN = fileURLToPath(new URL('../../dist/main.js', import.meta.url));

export interface HeraldProcess {
  child: ChildProcess;
  /** Parsed JSON log lines so far. */
  logs: Record<string, unknown>[];
  stderr: () => string;
  /** Resolves with the first log line the predicate accepts (waiting for it if need be). */
  waitForLog(
    predicate: (line: Record<string, unknown>) => boolean,
    timeoutMs?: number,
  ): Promise<Record<string, unknown>>;
  exited: Promise<number | null>;
}

/**
 * Runs `herald` as a real process with the given flags and env: src/main.ts through tsx, or
 * the build in dist/ (`built`), as the demo does.
 */
export function spawnHerald(
  args: readonly string[],
  env: Record<string, string | undefined> = {},
  options: { built?: boolean; cwd?: string } = {},
): HeraldProcess {
  const entry = options.built === true ? [BUILT_MAIN] : ['--import', 'tsx', SOURCE_MAIN];
  const child = spawn(process.execPath, [...entry, ...args], {
    env: { PATH: process.env.PATH, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    ...(options.cwd !== undefined && { cwd: options.cwd }),
  });
  const logs: Record<string, unknown>[] = [];
  const waiters: {
    predicate: (line: Record<string, unknown>) => boolean;
    resolve: (line: Record<string, unknown>) => void;
  }[] = [];
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
  });
  createInterface({ input: child.stdout }).on('line', (text) => {
    let line: Record<string, unknown>;
    try {
      line = JSON.parse(text) as Record<string, unknown>;
    } catch {
      line = { msg: text };
    }
    logs.push(line);
    for (const waiter of [...waiters]) {
      if (waiter.predicate(line)) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve(line);
      }
    }
  });
  const exited = new Promise<number | null>((resolve) => {
    child.once('exit', (code) => {
      resolve(code);
    });
  });
  return {
    child,
    logs,
    stderr: () => stderr,
    exited,
    waitForLog(predicate, timeoutMs = 30_000) {
      const found = logs.find(predicate);
      if (found !== undefined) return Promise.resolve(found);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          reject(new Error(`no matching log line in ${timeoutMs} ms; stderr: ${stderr}`));
        }, timeoutMs);
        waiters.push({
          predicate,
          resolve: (line) => {
            clearTimeout(timer);
            resolve(line);
          },
        });
        void exited.then((code) => {
          clearTimeout(timer);
          reject(new Error(`herald exited with ${String(code)}; stderr: ${stderr}`));
        });
      });
    },
  };
}

/** The process's /metrics page, from the metrics address its 'Started servers' line names. */
export async function scrapeMetrics(herald: HeraldProcess): Promise<string> {
  const started = await herald.waitForLog((line) => line.msg === 'Started servers');
  return (await fetch(`http://${String(started.metrics)}/metrics`)).text();
}

/** Whether the process's `herald_leader` gauge says it leads. */
export async function leads(herald: HeraldProcess): Promise<boolean> {
  return /^herald_leader 1$/m.test(await scrapeMetrics(herald));
}

/** Waits until a line of the process's /metrics page matches `pattern`. */
export async function waitForMetric(
  herald: HeraldProcess,
  pattern: RegExp,
  timeoutMs = 60_000,
): Promise<void> {
  await waitFor(
    async () => pattern.test(await scrapeMetrics(herald)),
    `metric ${String(pattern)}`,
    timeoutMs,
  );
}
