// Storm control, side by side in one run: 1,000 events for 50 objects over 10 s, through Herald
// to a Slack incoming-webhook stand-in that takes one message per second per channel and
// answers 429 with Retry-After beyond it. Once as Flux does (no storm-control fields), once
// with the Alert grouping (defaults: by object, 30 s wait, 5 m interval) and the Provider paced
// (Slack's documented rate).
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LOOPBACK_FLAGS, spawnHerald } from '../test/support/herald-process.js';
import { printTable, writeResults } from './report.js';

const EVENTS = 1_000;
const OBJECTS = 50;
const SEND_OVER_MS = 10_000;
/** How long a run may take before what is still undelivered is counted as not delivered. */
const CAP_MS = Number(process.env.BENCH_STORM_CAP_S ?? 120) * 1_000;
/**
 * Quiet time after which a run is over: nothing delivered or refused for this long (longer
 * than a group's default 30 s wait).
 */
const SETTLED_MS = 40_000;

interface SlackStandIn {
  url: string;
  messages: { atMs: number; author: string; events: number }[];
  tooManyRequests: number;
  lastActivityMs: number;
  close(): Promise<void>;
}

/** Slack's incoming webhook, one channel: 1 message per second, 429 with Retry-After beyond. */
async function startSlackStandIn(): Promise<SlackStandIn> {
  let lastAcceptedMs = Number.NEGATIVE_INFINITY;
  const standIn: Omit<SlackStandIn, 'url' | 'close'> = {
    messages: [],
    tooManyRequests: 0,
    lastActivityMs: 0,
  };
  const server = createServer((request, response) => {
    void readBody(request).then((body) => {
      const now = performance.now();
      standIn.lastActivityMs = now;
      if (now - lastAcceptedMs < 1_000) {
        standIn.tooManyRequests++;
        response.writeHead(429, { 'Retry-After': '1', 'Content-Type': 'text/plain' });
        response.end('rate_limited');
        return;
      }
      lastAcceptedMs = now;
      const payload = JSON.parse(body) as {
        attachments?: { author_name?: string; fields?: { title: string; value: string }[] }[];
      };
      const attachment = payload.attachments?.[0];
      const grouped = attachment?.fields?.find((field) => field.title === 'groupedEvents');
      standIn.messages.push({
        atMs: now,
        author: attachment?.author_name ?? '',
        events: grouped === undefined ? 1 : Number(grouped.value),
      });
      response.writeHead(200, { 'Content-Type': 'text/plain' });
      response.end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return Object.assign(standIn, {
    url: `http://127.0.0.1:${String(port)}/services/T000/B000/XXXX`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => {
          resolve();
        });
      }),
  });
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      resolve(Buffer.concat(chunks).toString('utf8'));
    });
  });
}

function manifests(webhook: string, stormControl: boolean): string {
  return `apiVersion: notification.toolkit.fluxcd.io/v1beta3
kind: Provider
metadata: {name: slack, namespace: apps}
spec:
  type: slack
  address: "${webhook}"
${stormControl ? '  pacing: {enabled: true}\n' : ''}---
apiVersion: notification.toolkit.fluxcd.io/v1beta3
kind: Alert
metadata: {name: storm, namespace: apps}
spec:
  providerRef: {name: slack}
  eventSources: [{kind: HelmRelease, name: '*'}]
${stormControl ? '  grouping: {}\n' : ''}`;
}

/** The i-th event: objects in turn, each failing its upgrade again and again. */
function stormEvent(i: number): string {
  const object = `app-${String(i % OBJECTS)}`;
  return JSON.stringify({
    involvedObject: {
      apiVersion: 'helm.toolkit.fluxcd.io/v2',
      kind: 'HelmRelease',
      name: object,
      namespace: 'apps',
    },
    severity: 'error',
    timestamp: new Date().toISOString(),
    message: `Helm upgrade failed for release apps/${object}: context deadline exceeded (attempt ${String(Math.floor(i / OBJECTS) + 1)})`,
    reason: 'UpgradeFailed',
    reportingController: 'helm-controller',
  });
}

async function runStorm(stormControl: boolean) {
  const slack = await startSlackStandIn();
  const dir = await mkdtemp(join(tmpdir(), 'herald-bench-storm-'));
  await writeFile(join(dir, 'storm.yaml'), manifests(slack.url, stormControl));
  const herald = spawnHerald([`--manifests=${dir}`, ...LOOPBACK_FLAGS], {}, { built: true });
  const started = await herald.waitForLog((line) => line.msg === 'Started servers');
  const eventsUrl = `http://${String(started.events)}/`;
  const startMs = performance.now();
  let accepted = 0;
  for (let i = 0; i < EVENTS; i++) {
    const dueMs = startMs + (i * SEND_OVER_MS) / EVENTS;
    const waitMs = dueMs - performance.now();
    if (waitMs > 0) await new Promise((resolve) => setTimeout(resolve, waitMs));
    const response = await fetch(eventsUrl, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: stormEvent(i),
    });
    if (response.status === 202) accepted++;
  }
  slack.lastActivityMs = performance.now();
  // Over once everything is represented, or nothing happened for a while, or at the cap.
  for (;;) {
    await new Promise((resolve) => setTimeout(resolve, 500));
    const now = performance.now();
    const represented = slack.messages.reduce((sum, message) => sum + message.events, 0);
    if (represented >= accepted || now - slack.lastActivityMs > SETTLED_MS) break;
    if (now - startMs > CAP_MS) break;
  }
  herald.child.kill('SIGTERM');
  await herald.exited;

  await slack.close();
  const represented = slack.messages.reduce((sum, message) => sum + message.events, 0);
  const perObject = new Map<string, number>();
  for (const { author } of slack.messages) perObject.set(author, (perObject.get(author) ?? 0) + 1);
  const last = slack.messages.at(-1);
  return {
    mode: stormControl ? 'grouping + pacing' : "Flux's behaviour",
    accepted,
    messagesSent: slack.messages.length,
    tooManyRequests: slack.tooManyRequests,
    eventsRepresented: represented,
    eventsNotDelivered: accepted - represented,
    mostMessagesForOneObject: Math.max(0, ...perObject.values()),
    lastMessageAfterS:
      last === undefined ? null : Number(((last.atMs - startMs) / 1_000).toFixed(1)),
  };
}

export async function benchStorm(): Promise<void> {
  const rows = [await runStorm(false), await runStorm(true)];
  printTable(
    `Storm: ${String(EVENTS)} events for ${String(OBJECTS)} objects over ${String(SEND_OVER_MS / 1_000)} s to a Slack stand-in taking 1 message/s (429 + Retry-After beyond); a run ends when every event is represented, after ${String(SETTLED_MS / 1_000)} s without a delivery attempt, or at ${String(CAP_MS / 1_000)} s`,
    rows,
  );
  await writeResults('storm', { rows });
}
