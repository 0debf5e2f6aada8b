import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Registry } from 'prom-client';
import type { FluxEvent } from '../../src/api/event.js';
import { DeliveryMetrics } from '../../src/metrics/delivery-metrics.js';
import { createGitHubNotifier } from '../../src/notifiers/github.js';
import { AlertIndex } from '../../src/pipeline/alert-index.js';
import { Dispatcher, type DispatchResult } from '../../src/pipeline/dispatcher.js';
import { startGitHubStandIn, type GitHubStandIn } from '../support/github-stand-in.js';
import { gitTarget, SAMPLE_ALERT, SHA } from '../support/git-target.js';
import { indexedAlert } from '../support/indexed-alert.js';
import { captureLogs } from '../support/log-capture.js';
import { createTestDeps } from '../support/notifier-deps.js';
import { sampleEvent } from '../support/sample-event.js';
import { waitFor } from '../support/wait-for.js';

const TOKEN = 'ghp_dispatchtoken';
const PROVIDER = { key: 'flux-system/github-status', type: 'github' as const, suspended: false };
const UPDATE = 'kustomize.toolkit.fluxcd.io/commit_status';

describe('commit statuses through the dispatcher', () => {
  let github: GitHubStandIn;
  let dispatcher: Dispatcher;
  let registry: Registry;
  let logs: ReturnType<typeof captureLogs>;
  const outcomes: DispatchResult[] = [];

  before(async () => {
    github = await startGitHubStandIn();
    github.tokens.add(TOKEN);
    const { deps, clock } = createTestDeps();
    const notifier = createGitHubNotifier(
      gitTarget(
        'github',
        github.repositoryUrl,
        { token: TOKEN },
        { commitStatusExpr: "event.involvedObject.name + '@' + alert.metadata.name" },
      ),
      deps,
    );
    registry = new Registry();
    logs = captureLogs();
    const alert = indexedAlert({
      key: 'flux-system/on-call',
      namespace: 'flux-system',
      provider: PROVIDER,
      resource: SAMPLE_ALERT,
    });
    dispatcher = new Dispatcher(
      {
        logger: logs.logger,
        metrics: new DeliveryMetrics(registry, () => dispatcher.queueDepths()),
        clock,
        options: {
          noCrossNamespaceRefs: false,
          maxQueuedPerProvider: 10,
          concurrencyPerProvider: 1,
        },
        onDispatched: (_alert, result) => outcomes.push(result),
      },
      { index: new AlertIndex([alert]), notifiers: new Map([[PROVIDER.key, notifier]]) },
    );
  });
  after(async () => {
    await dispatcher.stop(new AbortController().signal);
    await github.close();
  });

  const event = (metadata: Record<string, string>): FluxEvent =>
    sampleEvent({
      involvedObject: { ...sampleEvent().involvedObject, namespace: 'flux-system' },
      metadata,
    });

  test('a commit-status update is set, its id from the expression over the Alert', async () => {
    void dispatcher.accept(
      event({ [UPDATE]: 'update', 'kustomize.toolkit.fluxcd.io/revision': `main@sha1:${SHA}` }),
      'http',
    );
    await waitFor(() => outcomes.length === 1, 'the delivery');
    assert.deepEqual(outcomes, [{ ok: true }]);
    assert.equal(github.statuses.get(SHA)?.[0]?.context, 'apps@on-call');
  });

  test('an update naming no commit is skipped: logged at debug, counted, no Alert outcome', async () => {
    const before = github.server.requests.length;
    void dispatcher.accept(
      event({
        [UPDATE]: 'update',
        'kustomize.toolkit.fluxcd.io/revision': `latest@sha256:${'c'.repeat(64)}`,
      }),
      'http',
    );
    const line = await waitFor(
      () => logs.lines().find((entry) => entry.msg === 'Skipped notification'),
      'the skip',
    );
    assert.equal(line.level, 'debug');
    assert.match(String(line.reason), /names no Git commit/);
    assert.equal(github.server.requests.length, before);
    assert.equal(outcomes.length, 1, 'no failure reaches the Alert');
    const counted = await registry.getSingleMetricAsString('herald_notifications_total');
    assert.match(
      counted,
      /herald_notifications_total\{provider_type="github",result="skipped"\} 1/,
    );
  });

  test('an event that is no update and names no commit is dropped before the notifier, at info', () => {
    void dispatcher.accept(
      event({ 'kustomize.toolkit.fluxcd.io/revision': `main@sha1:${SHA}` }),
      'http',
    );
    const line = logs
      .lines()
      .find((entry) => String(entry.msg).startsWith('Event dropped for commit status providers'));
    assert.ok(line);
    assert.equal(line.level, 'info');
    assert.deepEqual(line.alerts, ['flux-system/on-call']);
  });
});
