import { spawn, type ChildProcess } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { waitFor } from '../support/wait-for.js';
import type { JsonObject } from './json.js';

export async function makeTempDir(
  prefix: string,
): Promise<{ path: string; remove: () => Promise<void> }> {
  const path = await mkdtemp(join(tmpdir(), `${prefix}-`));
  return { path, remove: () => rm(path, { recursive: true, force: true }) };
}

/** The kubectl on PATH; a clear failure (not a skip) when there is none. */
export function findKubectl(): string {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (!dir) continue;
    const candidate = join(dir, 'kubectl');
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not in this directory
    }
  }
  throw new Error(
    'kubectl is not on PATH: these tests drive the real kubectl (1.32) against the test API server. ' +
      'Install it (see .ci/run) and run the tests again.',
  );
}

export interface KubectlResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** A kubectl bound to one kubeconfig; every call gets a fresh --cache-dir so no discovery is stale. */
export class Kubectl {
  private calls = 0;

  constructor(
    private readonly binary: string,
    private readonly kubeconfig: string,
    private readonly workDir: string,
  ) {}

  private args(args: readonly string[]): string[] {
    this.calls++;
    return [
      '--kubeconfig',
      this.kubeconfig,
      '--cache-dir',
      join(this.workDir, `cache-${this.calls}`),
      ...args,
    ];
  }

  run(args: readonly string[], stdin?: string): Promise<KubectlResult> {
    return new Promise((resolve, reject) => {
      const child = spawn(this.binary, this.args(args), { stdio: ['pipe', 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      child.on('error', reject);
      child.on('close', (code) => {
        resolve({ code, stdout, stderr });
      });
      child.stdin.end(stdin ?? '');
    });
  }

  /** Runs and insists on success, returning stdout. */
  async ok(args: readonly string[], stdin?: string): Promise<string> {
    const result = await this.run(args, stdin);
    if (result.code !== 0) {
      throw new Error(
        `kubectl ${args.join(' ')} exited ${String(result.code)}:\n${result.stderr}${result.stdout}`,
      );
    }
    return result.stdout;
  }

  /** A long-running kubectl (e.g. `get -w`) whose output accumulates until it is stopped. */
  stream(args: readonly string[]): KubectlStream {
    return new KubectlStream(
      spawn(this.binary, this.args(args), { stdio: ['ignore', 'pipe', 'pipe'] }),
    );
  }
}

export class KubectlStream {
  stdout = '';
  stderr = '';
  private readonly exited: Promise<void>;

  constructor(private readonly child: ChildProcess) {
    child.stdout?.on('data', (d: Buffer) => (this.stdout += d.toString()));
    child.stderr?.on('data', (d: Buffer) => (this.stderr += d.toString()));
    this.exited = new Promise((resolve) => {
      child.on('close', () => {
        resolve();
      });
    });
  }

  lines(): string[] {
    return this.stdout.split('\n').filter((l) => l.trim() !== '');
  }

  async stop(): Promise<void> {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGTERM');
    await this.exited;
  }
}

/** A watch read frame by frame, over a raw HTTP connection. */
export class WatchStream {
  readonly frames: JsonObject[] = [];
  status = 0;
  headers: Record<string, string | string[] | undefined> = {};
  ended = false;
  private buffer = '';
  private readonly closeRequest: () => void;

  private constructor(url: string, accept?: string) {
    const req = request(url, { headers: accept ? { Accept: accept } : {} }, (res) => {
      this.status = res.statusCode ?? 0;
      this.headers = res.headers;
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        this.buffer += chunk;
        let newline = this.buffer.indexOf('\n');
        while (newline !== -1) {
          const line = this.buffer.slice(0, newline);
          this.buffer = this.buffer.slice(newline + 1);
          if (line.trim()) this.frames.push(JSON.parse(line) as JsonObject);
          newline = this.buffer.indexOf('\n');
        }
      });
      res.on('end', () => (this.ended = true));
      res.on('error', () => (this.ended = true));
    });
    req.on('error', () => (this.ended = true));
    req.end();
    this.closeRequest = () => req.destroy();
  }

  static open(url: string, accept?: string): WatchStream {
    return new WatchStream(url, accept);
  }

  /** Waits for the n-th frame (1-based) and returns it. */
  async frame(n: number): Promise<JsonObject> {
    return waitFor(() => this.frames[n - 1], `watch frame ${n} (have ${this.frames.length})`);
  }

  /** Resolves once the server answered with headers, i.e. the watch is registered. */
  async ready(): Promise<void> {
    await waitFor(() => this.status !== 0 || this.ended, 'the watch to be established');
  }

  async waitEnded(): Promise<void> {
    await waitFor(() => this.ended, 'the watch to end');
  }

  close(): void {
    this.closeRequest();
  }
}

/** A JSON member as text for URLs and messages: strings as they are, anything else as JSON. */
export function text(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** fetch against the server returning status and parsed JSON body. */
export async function callApi(
  baseUrl: string,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: JsonObject; headers: Headers }> {
  const response = await fetch(`${baseUrl}${path}`, {
    method,
    headers: { 'Content-Type': 'application/json', ...headers },
    ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
  });
  const text = await response.text();
  return {
    status: response.status,
    body: text ? (JSON.parse(text) as JsonObject) : {},
    headers: response.headers,
  };
}
