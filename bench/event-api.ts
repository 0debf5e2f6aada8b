// Event API throughput and latency beside a bare express server, measured in one run.
import { startChildServer } from './child-server.js';
import { runLoad, type LoadResult } from './load.js';
import { printTable, writeResults } from './report.js';

const CONNECTIONS = 50;
const DURATION_S = Number(process.env.BENCH_DURATION_S ?? 10);
const WARMUP_S = 2;

const template = {
  involvedObject: {
    apiVersion: 'kustomize.toolkit.fluxcd.io/v1',
    kind: 'Kustomization',
    name: 'webapp',
    namespace: 'apps',
    uid: '7d0cdc51-ddcf-4743-b223-83ca5c699632',
  },
  metadata: {
    'kustomize.toolkit.fluxcd.io/revision': 'main/731f7eaddfb6af01cb2173e18f0f75b0ba780ef1',
  },
  severity: 'error',
  reason: 'ValidationFailed',
  message: 'service/apps/webapp validation error: spec.type: Unsupported value: Ingress',
  reportingController: 'kustomize-controller',
  timestamp: '2022-10-28T07:26:19Z',
};

let sequence = 0;
const uniqueBody = (): string =>
  JSON.stringify({ ...template, message: `${template.message} #${++sequence}` });
const duplicateText = JSON.stringify(template);
const duplicateBody = (): string => duplicateText;

async function measure(script: string, body: () => string): Promise<LoadResult> {
  const server = await startChildServer(script);
  try {
    await runLoad({ url: `${server.url}/`, connections: CONNECTIONS, durationS: WARMUP_S, body });
    return await runLoad({
      url: `${server.url}/`,
      connections: CONNECTIONS,
      durationS: DURATION_S,
      body,
    });
  } finally {
    await server.stop();
  }
}

export async function benchEventApi(): Promise<void> {
  const rows = [];
  for (const [path, body] of [
    ['unique events', uniqueBody],
    ['duplicates (429)', duplicateBody],
  ] as const) {
    const bare = await measure('bare-express.ts', body);
    const herald = await measure('herald-event-api.ts', body);
    rows.push({
      path,
      bareRps: Math.round(bare.requestsPerSecond),
      heraldRps: Math.round(herald.requestsPerSecond),
      ratio: Number((herald.requestsPerSecond / bare.requestsPerSecond).toFixed(3)),
      bareP50Ms: bare.p50Ms,
      bareP99Ms: bare.p99Ms,
      heraldP50Ms: herald.p50Ms,
      heraldP99Ms: herald.p99Ms,
      heraldStatuses: herald.statuses,
      errors: bare.errors + herald.errors,
    });
  }
  printTable(
    `Event API, ${CONNECTIONS} connections, ${DURATION_S} s per run (ratio = Herald / bare express)`,
    rows,
  );
  await writeResults('event-api', { connections: CONNECTIONS, durationS: DURATION_S, rows });
}
