// The delivery spool's cost: Event API throughput (autocannon, unique events) and end-to-end
// latency at a steady 500 events/s, with no spool, a spool synced every second (the default)
// and one synced on every write, measured in one run.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startCaptureServer } from '../test/support/capture-server.js';
import { startChildServer } from './child-server.js';
import { eventBody, measureLatency, startHeraldFor } from './end-to-end.js';
import { runLoad } from './load.js';
import { printTable, writeResults } from './report.js';

const CONNECTIONS = 50;
const DURATION_S = Number(process.env.BENCH_DURATION_S ?? 10);
const WARMUP_S = 2;

const MODES = {
  'no spool': () => [],
  'spool, fsync interval': (dir: string) => [`--storage-path=${dir}`, '--spool-fsync=interval'],
  'spool, fsync always': (dir: string) => [`--storage-path=${dir}`, '--spool-fsync=always'],
} as const;

let sequence = 0;
const uniqueBody = () => eventBody(++sequence);

async function withSpoolDir<T>(run: (dir: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(join(tmpdir(), 'herald-bench-spool-'));
  try {
    return await run(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Events accepted per second, every one a new notification for one webhook. */
async function throughput(args: readonly string[]): Promise<number> {
  const receiver = await startChildServer('counting-receiver.ts');
  const herald = await startHeraldFor(`${receiver.url}/hook`, undefined, args);
  try {
    const url = herald.url;
    await runLoad({ url, connections: CONNECTIONS, durationS: WARMUP_S, body: uniqueBody });
    const result = await runLoad({
      url,
      connections: CONNECTIONS,
      durationS: DURATION_S,
      body: uniqueBody,
    });
    return Math.round(result.requestsPerSecond);
  } finally {
    await herald.stop();
    await receiver.stop();
  }
}

async function latency(args: readonly string[]) {
  const receiver = await startCaptureServer({ defaultReply: { status: 200 } });
  const herald = await startHeraldFor(`${receiver.url}/hook`, undefined, args);
  try {
    return await measureLatency(herald.url, receiver);
  } finally {
    await herald.stop();
    await receiver.close();
  }
}

export async function benchSpool(): Promise<void> {
  const rows = [];
  for (const [mode, flags] of Object.entries(MODES)) {
    const eventsPerSecond = await withSpoolDir((dir) => throughput(flags(dir)));
    const { p50Ms, p99Ms, received, sent } = await withSpoolDir((dir) => latency(flags(dir)));
    rows.push({ mode, eventsPerSecond, p50Ms, p99Ms, received, sent });
  }
  const base = rows[0]?.eventsPerSecond ?? 1;
  const withRatios = rows.map((row) => ({
    ...row,
    throughputRatio: Number((row.eventsPerSecond / base).toFixed(2)),
  }));
  printTable(
    `Event API throughput (${CONNECTIONS} connections, ${DURATION_S} s) and end-to-end latency at 500 events/s, spool off and on`,
    withRatios,
  );
  await writeResults('spool', withRatios);
}
