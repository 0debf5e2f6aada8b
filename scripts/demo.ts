// `npm run demo`: Herald in local mode on examples/local, with capture servers standing in for
// Slack and Loki, fed sample events; prints what the Event API answered and what each sink got.
import { fileURLToPath } from 'node:url';
import { startCaptureServer, type CaptureServer } from '../test/support/capture-server.js';
import { spawnHerald } from '../test/support/herald-process.js';
import { seedEvent } from '../test/fixtures/seed-event.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
/** The addresses examples/local's Providers point at. */
const SLACK_PORT = 9091;
const LOKI_PORT = 9092;
/** Loki batches for up to a second; give deliveries a little more. */
const DELIVERY_WAIT_MS = 3_000;

const bold = (text: string) => (process.stdout.isTTY ? `\u001b[1m${text}\u001b[0m` : text);
const say = (text = '') => process.stdout.write(`${text}\n`);

/** Flux's documented example event, stamped now, with the step's changes. */
function fluxEvent(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    ...seedEvent(),
    timestamp: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
    ...overrides,
  };
}

const steps: { title: string; body: unknown }[] = [
  { title: 'A failed Kustomization (error): Slack and Loki alerts take it', body: fluxEvent() },
  { title: 'The same event again: a duplicate within 5 minutes', body: fluxEvent() },
  {
    title: 'A successful reconciliation (info): only the Loki alert takes info',
    body: fluxEvent({
      severity: 'info',
      reason: 'ReconciliationSucceeded',
      message: 'Reconciliation finished in 2s',
    }),
  },
  {
    title: 'A GitRepository event: no Alert watches GitRepositories',
    body: fluxEvent({
      involvedObject: {
        apiVersion: 'source.toolkit.fluxcd.io/v1',
        kind: 'GitRepository',
        name: 'apps',
        namespace: 'apps',
      },
      severity: 'info',
      reason: 'NewArtifact',
      message: "stored artifact for commit 'Merge pull request #42'",
    }),
  },
  {
    title: 'An excluded message: the Loki alert excludes dependency waits',
    body: fluxEvent({
      severity: 'info',
      reason: 'DependencyNotReady',
      message: 'Dependencies do not meet ready condition, retrying in 30s',
    }),
  },
  {
    title: 'A bad event: no involvedObject.name, severity "warning"',
    body: {
      ...fluxEvent({ severity: 'warning' }),
      involvedObject: { kind: 'Kustomization', namespace: 'apps' },
    },
  },
];

async function startSink(port: number, name: string): Promise<CaptureServer> {
  try {
    return await startCaptureServer({ port, defaultReply: { status: 204 } });
  } catch (error) {
    throw new Error(
      `cannot start the ${name} stand-in on 127.0.0.1:${port} (${(error as NodeJS.ErrnoException).code ?? String(error)}); is something else using it?`,
    );
  }
}

async function main(): Promise<void> {
  const slack = await startSink(SLACK_PORT, 'Slack');
  const loki = await startSink(LOKI_PORT, 'Loki');
  say(bold('Herald demo: local mode, no cluster'));
  say(`Slack stand-in on ${slack.url}, Loki stand-in on ${loki.url}`);
  say('Starting: herald --manifests examples/local (see examples/local/*.yaml)\n');

  const herald = spawnHerald(
    [
      '--manifests',
      'examples/local',
      '--events-addr=127.0.0.1:0',
      '--metrics-addr=127.0.0.1:0',
      '--health-addr=127.0.0.1:0',
      '--receiverAddr=127.0.0.1:0',
    ],
    {},
    { built: true, cwd: ROOT },
  );
  const logs = herald.logs;
  try {
    const servers = await herald.waitForLog((line) => line.msg === 'Started servers');
    for (const line of logs) {
      if (String(line.msg).endsWith('is ready') || String(line.msg).includes('not ready'))
        say(`  herald: ${String(line.msg)} (${String(line.alert ?? line.provider)})`);
    }
    const eventsUrl = `http://${String(servers.events)}/`;
    say();
    const statuses: number[] = [];
    for (const [i, step] of steps.entries()) {
      const response = await fetch(eventsUrl, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(step.body),
      });
      const text = await response.text();
      statuses.push(response.status);
      say(
        `${bold(`${i + 1}. ${step.title}`)}\n   POST / -> ${response.status} ${response.statusText}${text === '' ? '' : `  ${text}`}`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, DELIVERY_WAIT_MS));

    say(`\n${bold(`Slack received ${slack.requests.length} message(s)`)}`);
    for (const request of slack.requests) {
      say(`   POST ${request.path.replace(/\/services\/.*/, '/services/***')}`);
      say(indent(JSON.stringify(JSON.parse(request.body.toString()), null, 2)));
    }
    say(`\n${bold(`Loki received ${loki.requests.length} push request(s)`)}`);
    for (const request of loki.requests) {
      say(`   POST ${request.path}  X-Scope-OrgID: ${String(request.headers['x-scope-orgid'])}`);
      const push = JSON.parse(request.body.toString()) as {
        streams: { stream: Record<string, string>; values: [string, string][] }[];
      };
      for (const stream of push.streams) {
        say(`   stream ${JSON.stringify(stream.stream)}`);
        for (const [ns, line] of stream.values) say(`     ${ns}  ${line}`);
      }
    }
    checkOutcome(statuses, slack, loki);
    const metrics = await (await fetch(`http://${String(servers.metrics)}/metrics`)).text();
    say(`\n${bold('Metrics (excerpt)')}`);
    for (const line of metrics.split('\n')) {
      if (
        /^(herald_notifications_total|herald_events_rate_limited_total|herald_events_rejected_total|herald_events_unmatched_total)/.test(
          line,
        )
      )
        say(`   ${line}`);
    }
  } finally {
    herald.child.kill('SIGTERM');
    const code = await herald.exited;
    say(`\nHerald stopped (exit ${String(code)}).`);
    await slack.close();
    await loki.close();
  }
}

/** What the demo must show; anything else means Herald is broken, and the demo says so. */
const EXPECTED_STATUSES = [202, 429, 202, 202, 202, 400];

function checkOutcome(statuses: number[], slack: CaptureServer, loki: CaptureServer): void {
  const lokiLines = loki.requests.reduce((count, request) => {
    const push = JSON.parse(request.body.toString()) as { streams: { values: unknown[] }[] };
    return count + push.streams.reduce((sum, stream) => sum + stream.values.length, 0);
  }, 0);
  const problems = [
    statuses.join() === EXPECTED_STATUSES.join()
      ? ''
      : `answers ${statuses.join()} instead of ${EXPECTED_STATUSES.join()}`,
    slack.requests.length === 1 ? '' : `Slack got ${slack.requests.length} messages instead of 1`,
    lokiLines === 2 ? '' : `Loki got ${lokiLines} lines instead of 2`,
  ].filter((problem) => problem !== '');
  if (problems.length > 0)
    throw new Error(`the demo did not go as it should: ${problems.join('; ')}`);
}

function indent(text: string): string {
  return text
    .split('\n')
    .map((line) => `     ${line}`)
    .join('\n');
}

main().catch((error: unknown) => {
  process.stderr.write(`demo: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
