// End-to-end latency: an event POSTed to Herald (local mode, generic webhook provider) until
// the webhook receives it, at a steady rate; beside the same events POSTed straight to the
// webhook (the floor of this machine), measured in one run.
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startCaptureServer, type CaptureServer } from '../test/support/capture-server.js';
import { LOOPBACK_FLAGS, spawnHerald } from '../test/support/herald-process.js';
import { printTable, writeResults } from './report.js';

const RATE_PER_S = Number(process.env.BENCH_E2E_RATE ?? 500);
const DURATION_S = Number(process.env.BENCH_DURATION_S ?? 10);
const TICK_MS = 5;

/** A unique event (`bench #id`), so Herald's duplicate suppression lets every one through. */
export function eventBody(id: number): string {
  return JSON.stringify({
    involvedObject: {
      apiVersion: 'kustomize.toolkit.fluxcd.io/v1',
      kind: 'Kustomization',
      name: 'webapp',
      namespace: 'apps',
    },
    severity: 'error',
    reason: 'ReconciliationFailed',
    message: `bench #${id}`,
    reportingController: 'kustomize-controller',
    timestamp: '2026-01-01T00:00:00Z',
  });
}

/** Sends `bench #i` events at a steady rate and measures each until the receiver has it. */
export async function measureLatency(
  url: string,
  receiver: CaptureServer,
): Promise<{ p50Ms: number; p99Ms: number; maxMs: number; sent: number; received: number }> {
  const sentAt = new Map<number, number>();
  const latencies: number[] = [];
  let seen = receiver.requests.length;
  const collect = () => {
    for (; seen < receiver.requests.length; seen++) {
      const request = receiver.requests[seen];
      if (request === undefined) continue;
      const id = Number(/bench #(\d+)/.exec(request.body.toString())?.[1]);
      const start = sentAt.get(id);
      if (start !== undefined) latencies.push(request.receivedAtMs - start);
    }
  };
  const total = RATE_PER_S * DURATION_S;
  const started = performance.now();
  let sent = 0;
  const pending: Promise<unknown>[] = [];
  while (sent < total) {
    const due = Math.min(total, Math.floor(((performance.now() - started) / 1_000) * RATE_PER_S));
    for (; sent < due; sent++) {
      sentAt.set(sent, performance.now() + performance.timeOrigin);
      pending.push(
        fetch(url, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: eventBody(sent),
        }).then((r) => r.arrayBuffer()),
      );
    }
    collect();
    await new Promise((resolve) => setTimeout(resolve, TICK_MS));
  }
  await Promise.all(pending);
  const deadline = Date.now() + 10_000;
  while (latencies.length < total && Date.now() < deadline) {
    collect();
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  latencies.sort((a, b) => a - b);
  const at = (q: number) =>
    Number(
      (latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? NaN).toFixed(
        2,
      ),
    );
  return { p50Ms: at(0.5), p99Ms: at(0.99), maxMs: at(1), sent: total, received: latencies.length };
}

/**
 * Herald's build in local mode, routing every Kustomization event to one generic webhook
 * (trusting `caPem` for an https one).
 */
export async function startHeraldFor(
  webhookUrl: string,
  caPem?: string,
  extraArgs: readonly string[] = [],
): Promise<{ url: string; stop: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'herald-bench-'));
  await writeFile(
    join(dir, 'bench.yaml'),
    `apiVersion: notification.toolkit.fluxcd.io/v1beta3
kind: Provider
metadata: {name: hook, namespace: apps}
spec: {type: generic, address: "${webhookUrl}"${caPem === undefined ? '' : ', certSecretRef: {name: hook-ca}'}}
---${caPem === undefined ? '' : `\napiVersion: v1\nkind: Secret\nmetadata: {name: hook-ca, namespace: apps}\nstringData: {ca.crt: ${JSON.stringify(caPem)}}\n---`}
apiVersion: notification.toolkit.fluxcd.io/v1beta3
kind: Alert
metadata: {name: all, namespace: apps}
spec:
  providerRef: {name: hook}
  eventSources: [{kind: Kustomization, name: '*'}]
`,
  );
  // The build, as the image runs it (`npm run bench` builds first).
  const herald = spawnHerald(
    [
      `--manifests=${dir}`,
      ...LOOPBACK_FLAGS,
      ...extraArgs,
    ],
    {},
    { built: true },
  );
  const started = await herald.waitForLog((line) => line.msg === 'Started servers');
  const events = String(started.events);
  return {
    url: `http://${events}/`,
    stop: async () => {
      herald.child.kill('SIGTERM');
      await herald.exited;
    },
  };
}

export async function benchEndToEnd(): Promise<void> {
  const receiver = await startCaptureServer({ defaultReply: { status: 200 } });
  const herald = await startHeraldFor(`${receiver.url}/hook`);
  try {
    const direct = await measureLatency(`${receiver.url}/direct`, receiver);
    const viaHerald = await measureLatency(herald.url, receiver);
    const rows = [
      { path: 'POST straight to the webhook (floor)', ...direct },
      { path: 'POST to Herald → webhook', ...viaHerald },
    ];
    printTable(`End-to-end latency at ${RATE_PER_S} events/s for ${DURATION_S} s`, rows);
    await writeResults('end-to-end', {
      ratePerSecond: RATE_PER_S,
      durationS: DURATION_S,
      direct,
      viaHerald,
      p99Ratio: viaHerald.p99Ms / direct.p99Ms,
    });
  } finally {
    await herald.stop();
    await receiver.close();
  }
}
