// Event API throughput and latency beside a bare express server, measured in one run.
import { seedEvent } from '../test/fixtures/seed-event.js';
import { startChildServer, startHeraldBuild, type ChildServer } from './child-server.js';
import { runLoad, type LoadResult } from './load.js';
import { median, printTable, writeResults } from './report.js';

const CONNECTIONS = 50;
const DURATION_S = Number(process.env.BENCH_DURATION_S ?? 10);
/**
 * Runs of each server per path, alternating which goes first: the load generator shares the
 * two cores with the server, so one pair of runs moves by a few hundredths; medians do not.
 */
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const WARMUP_S = 2;

/** Flux's documented example event: what the load posts, made unique per request when asked. */
const template = seedEvent();

let sequence = 0;
const uniqueBody = (): string =>
  JSON.stringify({ ...template, message: `${template.message} #${++sequence}` });
const duplicateText = JSON.stringify(template);
const duplicateBody = (): string => duplicateText;

const SERVERS = {
  bare: () => startChildServer('bare-express.ts'),
  herald: startHeraldBuild,
} as const;

async function measure(start: () => Promise<ChildServer>, body: () => string): Promise<LoadResult> {
  const server = await start();
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
  const runs = [];
  for (const [path, body] of [
    ['unique events', uniqueBody],
    ['duplicates (429)', duplicateBody],
  ] as const) {
    const results: Record<keyof typeof SERVERS, LoadResult[]> = { bare: [], herald: [] };
    for (let round = 0; round < ROUNDS; round++) {
      const order = round % 2 === 0 ? (['bare', 'herald'] as const) : (['herald', 'bare'] as const);
      for (const server of order) results[server].push(await measure(SERVERS[server], body));
    }
    const rps = (server: keyof typeof SERVERS) =>
      median(results[server].map((run) => run.requestsPerSecond));
    const statuses: Record<string, number> = {};
    for (const run of results.herald)
      for (const [code, count] of Object.entries(run.statuses))
        statuses[code] = (statuses[code] ?? 0) + count;
    rows.push({
      path,
      bareRps: Math.round(rps('bare')),
      heraldRps: Math.round(rps('herald')),
      ratio: Number((rps('herald') / rps('bare')).toFixed(3)),
      roundRatios: results.herald.map((run, i) =>
        Number((run.requestsPerSecond / (results.bare[i]?.requestsPerSecond ?? 1)).toFixed(2)),
      ),
      bareP50Ms: median(results.bare.map((run) => run.p50Ms)),
      bareP99Ms: median(results.bare.map((run) => run.p99Ms)),
      heraldP50Ms: median(results.herald.map((run) => run.p50Ms)),
      heraldP99Ms: median(results.herald.map((run) => run.p99Ms)),
      heraldStatuses: statuses,
      errors: [...results.bare, ...results.herald].reduce((sum, run) => sum + run.errors, 0),
    });
    runs.push({ path, ...results });
  }
  printTable(
    `Event API, ${CONNECTIONS} connections, ${ROUNDS} rounds of ${DURATION_S} s per server ` +
      '(medians; ratio = Herald / bare express)',
    rows,
  );
  await writeResults('event-api', {
    connections: CONNECTIONS,
    durationS: DURATION_S,
    rounds: ROUNDS,
    rows,
    runs,
  });
}
