import { parseArgs } from 'node:util';
import { resolve } from 'node:path';
import { manifestFilesIn } from './manifests.js';
import { startTestApiServer } from './server.js';

const USAGE = `Usage: npm run dev:apiserver -- [--port N] [--host ADDR] [--kubeconfig FILE] [--crds DIR]

Runs the in-memory test Kubernetes API server until SIGTERM or Ctrl-C.
  --port N          port to listen on (0, the default, picks a free one)
  --host ADDR       address to listen on (default 127.0.0.1)
  --kubeconfig FILE write a kubeconfig for the server to FILE once it serves
  --crds DIR        install the CRD manifests (*.yaml) of DIR at start`;

function fail(message: string): never {
  process.stderr.write(`${message}\n${USAGE}\n`);
  process.exit(2);
}

async function main(): Promise<void> {
  let values: { port?: string; host?: string; kubeconfig?: string; crds?: string; help?: boolean };
  try {
    ({ values } = parseArgs({
      options: {
        port: { type: 'string' },
        host: { type: 'string' },
        kubeconfig: { type: 'string' },
        crds: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (error) {
    fail(error instanceof Error ? error.message : String(error));
  }
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const port = values.port === undefined ? 0 : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    fail(`--port: "${values.port ?? ''}" is not a port number`);
  const crdFiles = values.crds ? await manifestFilesIn(resolve(values.crds)) : [];
  const api = await startTestApiServer({
    port,
    ...(values.host ? { host: values.host } : {}),
    crdFiles,
  });
  const lines = [`Test Kubernetes API server (v1.32) listening on ${api.url}`];
  if (crdFiles.length)
    lines.push(`Installed CRDs from ${crdFiles.length} file(s) in ${values.crds ?? ''}`);
  if (values.kubeconfig) {
    const file = resolve(values.kubeconfig);
    await api.writeKubeconfig(file);
    lines.push(
      `Kubeconfig written to ${file}`,
      '',
      `  export KUBECONFIG=${file}`,
      '  kubectl get namespaces',
    );
  } else {
    lines.push('', `  kubectl --server ${api.url} get namespaces`);
  }
  lines.push('', 'Stop with Ctrl-C or SIGTERM.');
  process.stdout.write(`${lines.join('\n')}\n`);
  const stop = (): void => {
    void api.close().then(() => process.exit(0));
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

try {
  await main();
} catch (error) {
  process.stderr.write(`error: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
}
