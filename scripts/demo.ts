// `npm run demo`: Herald in local mode on examples/local, with capture servers standing in for
// Slack, Loki, Microsoft Teams and Alertmanager, fed sample events; prints what the Event API
// answered and what each sink got.
import { fileURLToPath } from 'node:url';
import { startCaptureServer, type CaptureServer } from '../test/support/capture-server.js';
import { spawnHerald } from '../test/support/herald-process.js';
import { seedEvent } from '../test/fixtures/seed-event.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
/** The addresses examples/local's Providers point at. */
const SLACK_PORT = 9091;
const LOKI_PORT = 9092;
const TEAMS_PORT = 9093;
const ALERTMANAGER_PORT = 9095;
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
  {
    title: 'A failed Kustomization (error): the Slack, Teams, Loki and Alertmanager alerts take it',
    body: fluxEvent(),
  },
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

async function startSink(port: number, name: string, status = 204): Promise<CaptureServer> {
  try {
    return await startCaptureServer({ port, defaultReply: { status } });
  } catch (error) {
    throw new Error(
      `cannot start the ${name} stand-in on 127.0.0.1:${port} (${(error as NodeJS.ErrnoException).code ?? String(error)}); is something else using it?`,
    );
  }
}

async function main(): Promise<void> {
  const slack = await startSink(SLACK_PORT, 'Slack');
  const loki = await startSink(LOKI_PORT, 'Loki');
  // Teams Workflows answer an accepted post with 202.
  const teams = await startSink(TEAMS_PORT, 'Teams', 202);
  const alertmanager = await startSink(ALERTMANAGER_PORT, 'Alertmanager', 200);
  say(bold('Herald demo: local mode, no cluster'));
  say(
    `Stand-ins: Slack on ${slack.url}, Loki on ${loki.url}, Microsoft Teams on ${teams.url}, ` +
      `Alertmanager on ${alertmanager.url}`,
  );
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
        say(`  herald: ${String(line.msg)} (${String(line.namespace)}/${String(line.name)})`);
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
    say(`\n${bold(`Teams received ${teams.requests.length} Adaptive Card(s)`)}`);
    for (const request of teams.requests) {
      say(`   POST ${request.path.replace(/\/workflows\/.*/, '/workflows/***')}`);
      say(indent(describeAdaptiveCard(request.body)));
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
    say(`\n${bold(`Alertmanager received ${alertmanager.requests.length} request(s)`)}`);
    for (const request of alertmanager.requests) {
      say(`   POST ${request.path}  Authorization: Bearer ***`);
      say(indent(JSON.stringify(JSON.parse(request.body.toString()), null, 2)));
    }
    checkOutcome(statuses, { slack, loki, teams, alertmanager });
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
    await teams.close();
    await alertmanager.close();
  }
}

/** What the demo must show; anything else means Herald is broken, and the demo says so. */
const EXPECTED_STATUSES = [202, 429, 202, 202, 202, 400];

function checkOutcome(
  statuses: number[],
  sinks: Record<'slack' | 'loki' | 'teams' | 'alertmanager', CaptureServer>,
): void {
  const { slack, loki, teams, alertmanager } = sinks;
  const lokiLines = loki.requests.reduce((count, request) => {
    const push = JSON.parse(request.body.toString()) as { streams: { values: unknown[] }[] };
    return count + push.streams.reduce((sum, stream) => sum + stream.values.length, 0);
  }, 0);
  const problems = [
    statuses.join() === EXPECTED_STATUSES.join()
      ? ''
      : `answers ${statuses.join()} instead of ${EXPECTED_STATUSES.join()}`,
    slack.requests.length === 1 ? '' : `Slack got ${slack.requests.length} messages instead of 1`,
    teams.requests.length === 1 ? '' : `Teams got ${teams.requests.length} cards instead of 1`,
    lokiLines === 2 ? '' : `Loki got ${lokiLines} lines instead of 2`,
    alertmanager.requests.length === 1
      ? ''
      : `Alertmanager got ${alertmanager.requests.length} alerts instead of 1`,
  ].filter((problem) => problem !== '');
  if (problems.length > 0)
    throw new Error(`the demo did not go as it should: ${problems.join('; ')}`);
}

/** The text of an Adaptive Card as Teams shows it: its TextBlocks, then its facts. */
function describeAdaptiveCard(body: Buffer): string {
  const card = JSON.parse(body.toString()) as {
    attachments: {
      content: { body: { items: { type: string; text?: string; facts?: FactLine[] }[] }[] };
    }[];
  };
  const items = card.attachments.flatMap((a) => a.content.body.flatMap((c) => c.items));
  return items
    .flatMap((item) =>
      item.type === 'FactSet'
        ? (item.facts ?? []).map((fact) => `${fact.title}: ${fact.value}`)
        : [item.text ?? ''],
    )
    .join('\n');
}

interface FactLine {
  title: string;
  value: string;
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
