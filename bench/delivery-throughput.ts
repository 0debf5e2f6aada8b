// Delivery throughput to one webhook: events POSTed to Herald's Event API as fast as it takes
// them, delivered by one generic Provider (4 at a time), beside a direct keep-alive client
// posting the same bodies to the same receiver, 4 at a time, in one run; over http and https.
// A bare relay (bench/servers/bare-relay.ts), fed and counted as Herald is, shows the floor of
// any Node relay on this machine: `heraldVsRelay` is what Herald's own work costs on top.
import http from 'node:http';
import https from 'node:https';
import type { FluxEvent } from '../src/api/event.js';
import { encodeFluxEventJson } from '../src/notifiers/flux-event-json.js';
import {
  DELIVERY_CONCURRENCY_PER_PROVIDER,
  MAX_QUEUED_PER_PROVIDER,
} from '../src/pipeline/limits.js';
import { TEST_TLS } from '../test/support/tls-fixtures.js';
import { startChildServer, type ChildServer } from './child-server.js';
import { eventBody, startHeraldFor } from './end-to-end.js';
import { median, printTable, writeResults } from './report.js';

/** Per round; below the queue's 10,000 so nothing is dropped and every event is counted. */
const EVENTS = Math.min(
  Number(process.env.BENCH_DELIVERY_EVENTS ?? 4_000),
  MAX_QUEUED_PER_PROVIDER,
);
/** Rounds per sender, each in another order: the machine is shared, medians hold. */
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
/** Event API requests in flight while loading Herald. */
const INGEST_CONCURRENCY = 16;
const WAIT_LIMIT_MS = 180_000;

type Scheme = 'http' | 'https';

/** POSTs (or GETs) over `agent` and resolves with the answer's status and text. */
function request(
  agent: http.Agent,
  url: URL,
  body?: Buffer,
  headers = {},
): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const send = url.protocol === 'https:' ? https.request : http.request;
    const outgoing = send(
      url,
      {
        method: body === undefined ? 'GET' : 'POST',
        agent,
        headers: body === undefined ? headers : { ...headers, 'Content-Length': body.length },
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => {
          resolve({ status: response.statusCode ?? 0, text: Buffer.concat(chunks).toString() });
        });
        response.on('error', reject);
      },
    );
    outgoing.on('error', reject);
    outgoing.end(body);
  });
}

/** A keep-alive agent for `scheme`, trusting the test CA. */
function agentFor(scheme: Scheme, maxSockets = Infinity): http.Agent {
  return scheme === 'https'
    ? new https.Agent({ keepAlive: true, maxSockets, ca: TEST_TLS.ca })
    : new http.Agent({ keepAlive: true, maxSockets });
}

/** Resolves once the receiver has counted `target` requests; rejects after the wait limit. */
async function waitForCount(count: () => Promise<number>, target: number): Promise<void> {
  const giveUpAt = performance.now() + WAIT_LIMIT_MS;
  for (;;) {
    const received = await count();
    if (received >= target) return;
    if (performance.now() > giveUpAt)
      throw new Error(`the receiver got ${received} of ${target} requests`);
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

/**
 * Deliveries/s through a relay (Herald or the bare one): from the first POST to the receiver
 * counting the last one. The events go in through the same keep-alive client as the direct
 * sender's, so that the load generator's own cost is the same on every side.
 */
async function throughRelay(relayUrl: string, count: () => Promise<number>, round: number) {
  const agent = agentFor('http', INGEST_CONCURRENCY);
  const target = new URL(relayUrl);
  const headers = { 'Content-Type': 'application/json' };
  try {
    const before = await count();
    const started = performance.now();
    await inParallel(EVENTS, INGEST_CONCURRENCY, async (i) => {
      const body = Buffer.from(eventBody(round * EVENTS + i));
      const { status } = await request(agent, target, body, headers);
      if (status !== 202) throw new Error(`the relay answered ${status}`);
    });
    await waitForCount(count, before + EVENTS);
    return EVENTS / ((performance.now() - started) / 1_000);
  } finally {
    agent.destroy();
  }
}

/** The body Herald's generic notifier sends for `eventBody(id)`: the same bytes, directly. */
function deliveredBody(id: number): Buffer {
  const event = JSON.parse(eventBody(id)) as FluxEvent;
  return encodeFluxEventJson({ ...event, metadata: {} });
}

/** Deliveries/s of a plain keep-alive client, as many at once as Herald's per-Provider limit. */
async function direct(scheme: Scheme, receiver: ChildServer, round: number) {
  const agent = agentFor(scheme, DELIVERY_CONCURRENCY_PER_PROVIDER);
  const bodies = Array.from({ length: EVENTS }, (_, i) => deliveredBody(round * EVENTS + i));
  const target = new URL(`${receiver.url}/direct`);
  const headers = {
    'Content-Type': 'application/json',
    'User-Agent': 'herald',
    'gotk-component': 'kustomize-controller',
  };
  try {
    const started = performance.now();
    await inParallel(EVENTS, DELIVERY_CONCURRENCY_PER_PROVIDER, async (i) => {
      await request(agent, target, bodies[i] ?? Buffer.alloc(0), headers);
    });
    return EVENTS / ((performance.now() - started) / 1_000);
  } finally {
    agent.destroy();
  }
}

/** Rounds of the three senders into one receiver over `scheme`, each round in another order. */
async function measure(scheme: Scheme) {
  const receiver = await startChildServer(
    'counting-receiver.ts',
    scheme === 'https' ? ['--tls'] : [],
  );
  const herald = await startHeraldFor(
    `${receiver.url}/hook`,
    scheme === 'https' ? TEST_TLS.ca : undefined,
  );
  const relay = await startChildServer('bare-relay.ts', [`${receiver.url}/relay`]);
  const counter = agentFor(scheme, 1);
  const count = async () => Number((await request(counter, new URL(`${receiver.url}/count`))).text);
  try {
    const runs = { herald: [] as number[], direct: [] as number[], relay: [] as number[] };
    for (let round = 0; round < ROUNDS; round++) {
      const senders = [
        ['direct', () => direct(scheme, receiver, round)],
        ['herald', () => throughRelay(herald.url, count, round)],
        ['relay', () => throughRelay(`${relay.url}/`, count, round)],
      ] as const;
      for (let turn = 0; turn < senders.length; turn++) {
        const [name, send] = senders[(round + turn) % senders.length] ?? senders[0];
        runs[name].push(await send());
      }
    }
    return runs;
  } finally {
    counter.destroy();
    await herald.stop();
    await relay.stop();
    await receiver.stop();
  }
}

export async function benchDeliveryThroughput(): Promise<void> {
  const rows = [];
  const results: Record<string, unknown> = {};
  for (const scheme of ['http', 'https'] as const) {
    const runs = await measure(scheme);
    const heraldRate = median(runs.herald);
    const directRate = median(runs.direct);
    const relayRate = median(runs.relay);
    rows.push({
      receiver: scheme,
      heraldPerSecond: Math.round(heraldRate),
      directPerSecond: Math.round(directRate),
      ratio: Number((heraldRate / directRate).toFixed(2)),
      roundRatios: runs.herald.map((rate, i) => Number((rate / (runs.direct[i] ?? 1)).toFixed(2))),
      relayPerSecond: Math.round(relayRate),
      relayRatio: Number((relayRate / directRate).toFixed(2)),
      heraldVsRelay: Number((heraldRate / relayRate).toFixed(2)),
    });
    results[scheme] = {
      heraldPerSecond: heraldRate,
      directPerSecond: directRate,
      ratio: heraldRate / directRate,
      relayPerSecond: relayRate,
      relayRatio: relayRate / directRate,
      heraldVsRelay: heraldRate / relayRate,
      heraldRuns: runs.herald,
      directRuns: runs.direct,
      relayRuns: runs.relay,
    };
  }
  printTable(
    `Deliveries/s to one local receiver: Event API → Herald → generic webhook beside a direct ` +
      `keep-alive client (${DELIVERY_CONCURRENCY_PER_PROVIDER} at a time), ${EVENTS} events a ` +
      `round, ${ROUNDS} rounds each (medians; ratio = Herald / direct; relay = a bare Node ` +
      `relay fed as Herald is)`,
    rows,
  );
  await writeResults('delivery-throughput', { eventsPerRound: EVENTS, rounds: ROUNDS, ...results });
}
