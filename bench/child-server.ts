import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

export interface ChildServer {
  url: string;
  process: ChildProcess;
  stop(): Promise<void>;
}

/** Runs a server script of bench/servers in its own process and waits for its port. */
export async function startChildServer(script: string): Promise<ChildServer> {
  const path = fileURLToPath(new URL(`./servers/${script}`, import.meta.url));
  const child = spawn(process.execPath, ['--import', 'tsx', path], {
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
    url: `http://127.0.0.1:${port}`,
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
