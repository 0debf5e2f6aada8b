// Delivery throughput to one webhook: events POSTed to Herald's Event API as fast as it takes
// them, delivered by one generic Provider (4 at a time), beside a direct keep-alive client
// posting the same bodies to the same receiver, 4 at a time, in one run.
import http from 'node:http';
import type { FluxEvent } from '../src/api/event.js';
import { encodeFluxEventJson } from '../src/notifiers/flux-event-json.js';
import {
  DELIVERY_CONCURRENCY_PER_PROVIDER,
  MAX_QUEUED_PER_PROVIDER,
} from '../src/pipeline/limits.js';
import { startChildServer, type ChildServer } from './child-server.js';
import { eventBody, startHeraldFor } from './end-to-end.js';
import { median, printTable, writeResults } from './report.js';

/** Per round; below the queue's 10,000 so nothing is dropped and every event is counted. */
const EVENTS = Math.min(
  Number(process.env.BENCH_DELIVERY_EVENTS ?? 4_000),
  MAX_QUEUED_PER_PROVIDER,
);
/** Rounds per sender, alternating which goes first: the machine is shared, medians hold. */
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
/** Event API requests in flight while loading Herald. */
const INGEST_CONCURRENCY = 16;
const WAIT_LIMIT_MS = 180_000;

async function receivedCount(receiver: ChildServer): Promise<number> {
  const response = await fetch(`${receiver.url}/count`);
  return Number(await response.text());
}

/** Resolves once the receiver has counted `target` requests; rejects after the wait limit. */
async function waitForCount(receiver: ChildServer, target: number): Promise<void> {
  const giveUpAt = performance.now() + WAIT_LIMIT_MS;
  for (;;) {
    const count = await receivedCount(receiver);
    if (count >= target) return;
    if (performance.now() > giveUpAt)
      throw new Error(`the receiver got ${count} of ${target} requests`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** Runs `task(i)` for i in [0, count), `concurrency` at a time. */
async function inParallel(
  count: number,
  concurrency: number,
  task: (index: number) => Promise<void>,
): Promise<void> {
  let next = 0;
  const worker = async () => {
    for (let index = next++; index < count; index = next++) await task(index);
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
}

/** Deliveries/s through Herald: from the first POST to the receiver counting the last one. */
async function throughHerald(heraldUrl: string, receiver: ChildServer, round: number) {
  const before = await receivedCount(receiver);
  const started = performance.now();
  await inParallel(EVENTS, INGEST_CONCURRENCY, async (i) => {
    const response = await fetch(heraldUrl, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: eventBody(round * EVENTS + i),
    });
    await response.arrayBuffer();
    if (response.status !== 202) throw new Error(`Herald answered ${response.status}`);
  });
  await waitForCount(receiver, before + EVENTS);
  return EVENTS / ((performance.now() - started) / 1_000);
}

/** The body Herald's generic notifier sends for `eventBody(id)`: the same bytes, directly. */
function deliveredBody(id: number): Buffer {
  const event = JSON.parse(eventBody(id)) as FluxEvent;
  return encodeFluxEventJson({ ...event, metadata: {} });
}

/** Deliveries/s of a plain keep-alive client, as many at once as Herald's per-Provider limit. */
async function direct(receiver: ChildServer, round: number) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: DELIVERY_CONCURRENCY_PER_PROVIDER });
  const bodies = Array.from({ length: EVENTS }, (_, i) => deliveredBody(round * EVENTS + i));
  const target = new URL(`${receiver.url}/direct`);
  const post = (body: Buffer) =>
    new Promise<void>((resolve, reject) => {
      const request = http.request(
        target,
        {
          method: 'POST',
          agent,
          headers: {
            'Content-Type': 'application/json',
            'User-Agent': 'herald',
            'gotk-component': 'kustomize-controller',
            'Content-Length': body.length,
          },
        },
        (response) => {
          response.resume();
          response.on('end', resolve);
          response.on('error', reject);
        },
      );
      request.on('error', reject);
      request.end(body);
    });
  try {
    const started = performance.now();
    await inParallel(EVENTS, DELIVERY_CONCURRENCY_PER_PROVIDER, (i) =>
      post(bodies[i] ?? Buffer.alloc(0)),
    );
    return EVENTS / ((performance.now() - started) / 1_000);
  } finally {
    agent.destroy();
  }
}

export async function benchDeliveryThroughput(): Promise<void> {
  const receiver = await startChildServer('counting-receiver.ts');
  const herald = await startHeraldFor(`${receiver.url}/hook`);
  try {
    const heraldRuns: number[] = [];
    const directRuns: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const viaHerald = () => throughHerald(herald.url, receiver, round);
      const straight = () => direct(receiver, round);
      if (round % 2 === 0) {
        directRuns.push(await straight());
        heraldRuns.push(await viaHerald());
      } else {
        heraldRuns.push(await viaHerald());
        directRuns.push(await straight());
      }
    }
    const heraldRate = median(heraldRuns);
    const directRate = median(directRuns);
    const rows = [
      {
        path: 'Event API → Herald → generic webhook',
        deliveriesPerSecond: Math.round(heraldRate),
        rounds: heraldRuns.map(Math.round),
      },
      {
        path: `direct keep-alive client, ${DELIVERY_CONCURRENCY_PER_PROVIDER} at a time`,
        deliveriesPerSecond: Math.round(directRate),
        rounds: directRuns.map(Math.round),
      },
      {
        path: 'ratio Herald / direct',
        deliveriesPerSecond: Number((heraldRate / directRate).toFixed(2)),
        rounds: heraldRuns.map((rate, i) => Number((rate / (directRuns[i] ?? 1)).toFixed(2))),
      },
    ];
    printTable(
      `Delivery throughput to one local receiver, ${EVENTS} events a round, ` +
        `${ROUNDS} rounds each (medians)`,
      rows,
    );
    await writeResults('delivery-throughput', {
      eventsPerRound: EVENTS,
      rounds: ROUNDS,
      heraldPerSecond: heraldRate,
      directPerSecond: directRate,
      heraldRuns,
      directRuns,
      ratio: heraldRate / directRate,
    });
  } finally {
    await herald.stop();
    await receiver.stop();
  }
}
