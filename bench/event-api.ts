// Event API throughput and latency beside a bare express server, measured in one run.
import { seedEvent } from '../test/fixtures/seed-event.js';
import { startChildServer } from './child-server.js';
import { runLoad, type LoadResult } from './load.js';
import { printTable, writeResults } from './report.js';

const CONNECTIONS = 50;
const DURATION_S = Number(process.env.BENCH_DURATION_S ?? 10);
const WARMUP_S = 2;

/** Flux's documented example event: what the load posts, made unique per request when asked. */
const template = seedEvent();

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
