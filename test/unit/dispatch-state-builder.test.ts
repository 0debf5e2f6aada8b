import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ReadinessReason } from '../../src/api/readiness/readiness-reason.js';
import { createNotifier } from '../../src/notifiers/create-notifier.js';
import type { Notifier, ProviderTarget } from '../../src/notifiers/notifier.js';
import { buildDispatchState } from '../../src/pipeline/dispatch-state-builder.js';
import { alert, provider, secret } from '../support/api-objects.js';
import { createTestDeps } from '../support/notifier-deps.js';

/** Readiness lets a Loki Secret with a token and username/password pass; the notifier refuses it. */
const lokiWithBothAuths = {
  alerts: [alert('logs', { providerRef: { name: 'loki' } })],
  providers: [
    provider('loki', { type: 'loki', address: 'http://loki:3100', secretRef: { name: 'loki' } }),
  ],
  secrets: [
    secret('loki', { token: 'loki-token', username: 'tenant-7', password: 'loki-password' }),
  ],
};

function readinessOf(createOne: (target: ProviderTarget) => Notifier) {
  const { state, readiness } = buildDispatchState(lokiWithBothAuths, createOne);
  return {
    notifiers: state.notifiers,
    provider: readiness.find((entry) => entry.kind === 'Provider'),
  };
}

test("a notifier's configuration error keeps its own reason: conflicting Loki credentials", () => {
  const { notifiers, provider: loki } = readinessOf((target) =>
    createNotifier(target, createTestDeps().deps),
  );
  assert.equal(notifiers.size, 0);
  assert.equal(loki?.ready, false);
  assert.equal(loki.reason, ReadinessReason.ConflictingCredentials);
  assert.match(
    loki.message,
    /^Provider apps\/loki \(loki\): set either username\/password or token/,
  );
});

test('an error that is not a ProviderConfigError is NotifierFailed, not InvalidURL', () => {
  const { provider: loki } = readinessOf(() => {
    throw new Error('unexpected');
  });
  assert.equal(loki?.reason, ReadinessReason.NotifierFailed);
  assert.equal(loki.message, 'unexpected');
});

test('with --no-cross-namespace-refs an Alert with a source elsewhere is AccessDenied and unroutable', () => {
  const objects = {
    alerts: [
      alert('shared', {
        eventSources: [{ kind: 'Kustomization', name: '*', namespace: 'flux-system' }],
      }),
    ],
    providers: [provider('slack', { type: 'slack', address: 'https://hooks.slack.com/x' })],
    secrets: [],
  };
  const build = (noCrossNamespaceRefs: boolean) =>
    buildDispatchState(objects, (target) => createNotifier(target, createTestDeps().deps), {
      policy: { noCrossNamespaceRefs },
    });

  const blocked = build(true);
  const entry = blocked.readiness.find((record) => record.kind === 'Alert');
  assert.equal(entry?.reason, ReadinessReason.AccessDenied);
  assert.equal(blocked.state.index.alerts[0]?.provider, undefined);

  const allowed = build(false);
  assert.equal(allowed.readiness.find((record) => record.kind === 'Alert')?.ready, true);
  assert.equal(allowed.state.index.alerts[0]?.provider?.key, 'apps/slack');
});

test("an indexed Alert keeps its metadata.uid, which OpenTelemetry's traces are keyed by", () => {
  const withUid = alert('traced');
  withUid.metadata.uid = '0f6e1d2c-alert';
  const { state } = buildDispatchState(
    {
      alerts: [withUid, alert('local')],
      providers: [provider('slack', { type: 'slack', address: 'https://hooks.slack.com/x' })],
      secrets: [],
    },
    (target) => createNotifier(target, createTestDeps().deps),
  );
  assert.deepEqual(
    state.index.alerts.map(({ key, uid }) => [key, uid]),
    [
      ['apps/traced', '0f6e1d2c-alert'],
      ['apps/local', undefined],
    ],
  );
});

test('grouping and pacing are read with their defaults; Providers posting to one place share a bucket', () => {
  const objects = {
    alerts: [
      alert('grouped', { providerRef: { name: 'slack' }, grouping: {} }),
      alert('by-reason', {
        providerRef: { name: 'teams' },
        grouping: { by: ['reason', 'reason', 'severity'], wait: '1m', interval: '1h' },
      }),
      alert('again', { providerRef: { name: 'slack-again' } }),
      alert('plain', { providerRef: { name: 'hook' } }),
      alert('unpaced', { providerRef: { name: 'off' } }),
    ],
    providers: [
      provider('slack', {
        type: 'slack',
        address: 'https://hooks.slack.com/services/T/B/secret',
        pacing: { enabled: true },
      }),
      provider('slack-again', {
        type: 'slack',
        address: 'https://hooks.slack.com/services/T/B/secret',
        pacing: { enabled: true, maxWait: '30s' },
      }),
      provider('teams', {
        type: 'msteams',
        address: 'https://example.webhook.office.com/x',
        pacing: { enabled: true, messagesPerSecond: 0.5, burst: 3 },
      }),
      provider('hook', { type: 'generic', address: 'https://hook', pacing: { enabled: true } }),
      provider('off', { type: 'generic', address: 'https://hook', pacing: { enabled: false } }),
    ],
    secrets: [],
  };
  const { state } = buildDispatchState(objects, (target) =>
    createNotifier(target, createTestDeps().deps),
  );
  const alerts = new Map(state.index.alerts.map((entry) => [entry.key, entry]));
  assert.deepEqual(alerts.get('apps/grouped')?.grouping, {
    by: ['object'],
    waitMs: 30_000,
    intervalMs: 300_000,
  });
  assert.deepEqual(alerts.get('apps/by-reason')?.grouping, {
    by: ['reason', 'severity'],
    waitMs: 60_000,
    intervalMs: 3_600_000,
  });
  const pacing = (name: string) => {
    const found = state.index.alerts.find((entry) => entry.provider?.key === `apps/${name}`);
    return found?.provider?.pacing;
  };
  assert.deepEqual(
    { ...pacing('slack'), destination: undefined },
    { destination: undefined, perSecond: 1, burst: 2, maxWaitMs: 10_000 },
  );
  assert.deepEqual(
    { ...pacing('teams'), destination: undefined },
    {
      destination: undefined,
      perSecond: 0.5,
      burst: 3,
      maxWaitMs: 10_000,
    },
  );
  assert.equal(pacing('slack-again')?.destination, pacing('slack')?.destination);
  assert.equal(pacing('slack-again')?.maxWaitMs, 30_000);
  assert.notEqual(pacing('hook')?.destination, pacing('slack')?.destination);
  assert.deepEqual(
    { ...pacing('hook'), destination: undefined },
    {
      destination: undefined,
      perSecond: 1,
      burst: 1,
      maxWaitMs: 10_000,
    },
  );
  assert.equal(pacing('off'), undefined);
  assert.equal(alerts.get('apps/plain')?.grouping, undefined);
  // The destination names no secret of the address.
  assert.doesNotMatch(pacing('slack')?.destination ?? '', /secret|hooks/);
});
