import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { parse } from 'yaml';
import { waitFor } from '../support/wait-for.js';
import { makeTempDir } from './test-support.js';

const CLI = join(import.meta.dirname, 'cli.ts');
const CRDS = join(import.meta.dirname, 'fixtures', 'crds');

test('dev:apiserver writes the kubeconfig once it serves and stops on SIGTERM', async () => {
  const dir = await makeTempDir('apiserver-cli');
  const kubeconfig = join(dir.path, 'config');
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', CLI, '--port', '0', '--kubeconfig', kubeconfig, '--crds', CRDS],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let stdout = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  const exited = new Promise<number | null>((resolve) => {
    child.on('close', (code) => {
      resolve(code);
    });
  });
  try {
    await waitFor(() => existsSync(kubeconfig), 'the kubeconfig file');
    const config = parse(readFileSync(kubeconfig, 'utf8')) as {
      clusters: { cluster: { server: string; 'insecure-skip-tls-verify': boolean } }[];
    };
    const cluster = config.clusters[0]?.cluster;
    assert.ok(cluster);
    assert.equal(cluster['insecure-skip-tls-verify'], true);
    const server = cluster.server;
    assert.match(server, /^http:\/\/127\.0\.0\.1:\d+$/);
    const version = (await (await fetch(`${server}/version`)).json()) as { minor: string };
    assert.equal(version.minor, '32');
    assert.equal((await fetch(`${server}/apis/example.com/v1/widgets`)).status, 200);
    await waitFor(() => stdout.includes(`export KUBECONFIG=${kubeconfig}`), 'the usage lines');
    child.kill('SIGTERM');
    assert.equal(await exited, 0);
  } finally {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await dir.remove();
  }
});

test('dev:apiserver rejects a bad flag with one line and exit code 2', async () => {
  const child = spawn(process.execPath, ['--import', 'tsx', CLI, '--port', 'eighty'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  assert.equal(code, 2);
  assert.match(stderr, /^--port: "eighty" is not a port number\n/);
});
