import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { FluxEvent } from '../../src/api/event.js';
import { PROVIDER_TYPES } from '../../src/api/provider.js';
import { AlertIndex, type IndexedAlert } from '../../src/pipeline/alert-index.js';
import { matchEvent, type DropReason, type MatchOptions } from '../../src/pipeline/matcher.js';
import { providerClassOf } from '../../src/providers/provider-registry.js';
import { indexedAlert } from '../support/indexed-alert.js';

function event(
  overrides: Partial<FluxEvent> = {},
  object: Partial<FluxEvent['involvedObject']> = {},
): FluxEvent {
  return {
    involvedObject: {
      apiVersion: 'kustomize.toolkit.fluxcd.io/v1',
      kind: 'Kustomization',
      name: 'webapp',
      namespace: 'apps',
      ...object,
    },
    severity: 'info',
    timestamp: '2022-10-28T07:26:19Z',
    message: 'Reconciliation finished in 2s, next run in 10m',
    reason: 'ReconciliationSucceeded',
    reportingController: 'kustomize-controller',
    ...overrides,
  };
}

interface Case {
  name: string;
  alert: IndexedAlert;
  event: FluxEvent;
  options?: Partial<MatchOptions>;
  /** The drop reason, or 'forwarded'. */
  expect: DropReason | 'forwarded' | 'not a candidate';
}

const cases: Case[] = [
  { name: 'forwards by kind and *', alert: indexedAlert(), event: event(), expect: 'forwarded' },
  {
    name: 'forwards by exact name',
    alert: indexedAlert({ sources: [{ kind: 'Kustomization', name: 'webapp' }] }),
    event: event(),
    expect: 'forwarded',
  },
  {
    name: 'drops another name',
    alert: indexedAlert({ sources: [{ kind: 'Kustomization', name: 'backend' }] }),
    event: event(),
    expect: 'SourceMismatch',
  },
  {
    name: 'drops another kind (case-sensitive)',
    alert: indexedAlert({ sources: [{ kind: 'kustomization', name: '*' }] }),
    event: event(),
    expect: 'not a candidate',
  },
  {
    name: 'drops another namespace',
    alert: indexedAlert(),
    event: event({}, { namespace: 'other' }),
    expect: 'not a candidate',
  },
  {
    name: 'forwards from the source namespace when it names one',
    alert: indexedAlert({
      sources: [{ kind: 'Kustomization', name: '*', namespace: 'flux-system' }],
    }),
    event: event({}, { namespace: 'flux-system' }),
    expect: 'forwarded',
  },
  {
    name: 'blocks a cross-namespace source with --no-cross-namespace-refs',
    alert: indexedAlert({
      sources: [{ kind: 'Kustomization', name: '*', namespace: 'flux-system' }],
    }),
    event: event({}, { namespace: 'flux-system' }),
    options: { noCrossNamespaceRefs: true },
    expect: 'CrossNamespaceBlocked',
  },
  {
    // Readiness reports it (AccessDenied); the drop is quiet, not the backstop's error.
    name: 'a not-ready Alert with a blocked cross-namespace source drops as not ready',
    alert: indexedAlert({
      sources: [{ kind: 'Kustomization', name: '*', namespace: 'flux-system' }],
      provider: undefined,
    }),
    event: event({}, { namespace: 'flux-system' }),
    options: { noCrossNamespaceRefs: true },
    expect: 'AlertNotReady',
  },
  {
    name: 'namespace * selects every namespace',
    alert: indexedAlert({ sources: [{ kind: 'Kustomization', name: '*', namespace: '*' }] }),
    event: event({}, { namespace: 'team-b' }),
    expect: 'forwarded',
  },
  {
    name: 'namespace * still compares the kind',
    alert: indexedAlert({ sources: [{ kind: 'HelmRelease', name: '*', namespace: '*' }] }),
    event: event({}, { namespace: 'team-b' }),
    expect: 'not a candidate',
  },
  {
    name: 'namespace * is blocked by --no-cross-namespace-refs outside the Alert namespace',
    alert: indexedAlert({ sources: [{ kind: 'Kustomization', name: '*', namespace: '*' }] }),
    event: event({}, { namespace: 'team-b' }),
    options: { noCrossNamespaceRefs: true },
    expect: 'CrossNamespaceBlocked',
  },
  {
    name: 'inclusionReasons: forwards a listed reason',
    alert: indexedAlert({ includedReasons: ['HealthCheckFailed', 'ReconciliationSucceeded'] }),
    event: event(),
    expect: 'forwarded',
  },
  {
    name: 'inclusionReasons: drops an unlisted reason',
    alert: indexedAlert({ includedReasons: ['HealthCheckFailed'] }),
    event: event(),
    expect: 'ReasonNotIncluded',
  },
  {
    name: 'inclusionReasons: compares exactly (no prefix, no case folding)',
    alert: indexedAlert({ includedReasons: ['Reconciliation', 'reconciliationsucceeded'] }),
    event: event(),
    expect: 'ReasonNotIncluded',
  },
  {
    name: 'exclusionReasons: drops a listed reason',
    alert: indexedAlert({ excludedReasons: ['ReconciliationSucceeded'] }),
    event: event(),
    expect: 'ReasonExcluded',
  },
  {
    name: 'exclusionReasons wins over inclusionReasons',
    alert: indexedAlert({
      includedReasons: ['ReconciliationSucceeded'],
      excludedReasons: ['ReconciliationSucceeded'],
    }),
    event: event(),
    expect: 'ReasonExcluded',
  },
  {
    name: 'an info alert takes errors',
    alert: indexedAlert(),
    event: event({ severity: 'error' }),
    expect: 'forwarded',
  },
  {
    name: 'an info alert takes trace',
    alert: indexedAlert(),
    event: event({ severity: 'trace' }),
    expect: 'forwarded',
  },
  {
    name: 'an error alert drops info',
    alert: indexedAlert({ severity: 'error' }),
    event: event(),
    expect: 'SeverityBelowAlert',
  },
  {
    name: 'an error alert takes errors',
    alert: indexedAlert({ severity: 'error' }),
    event: event({ severity: 'error' }),
    expect: 'forwarded',
  },
  {
    name: 'inclusion: forwards when one matches',
    alert: indexedAlert({ inclusion: ['^nothing', 'finished in \\d+s'] }),
    event: event(),
    expect: 'forwarded',
  },
  {
    name: 'inclusion: drops when none matches',
    alert: indexedAlert({ inclusion: ['^Health check failed'] }),
    event: event(),
    expect: 'NotIncluded',
  },
  {
    name: 'exclusion: drops when one matches',
    alert: indexedAlert({ exclusion: ['next run in'] }),
    event: event(),
    expect: 'Excluded',
  },
  {
    name: 'inclusion and exclusion: exclusion wins',
    alert: indexedAlert({ inclusion: ['Reconciliation'], exclusion: ['10m$'] }),
    event: event(),
    expect: 'Excluded',
  },
  {
    name: 'inclusion and exclusion: forwards when included and not excluded',
    alert: indexedAlert({ inclusion: ['Reconciliation'], exclusion: ['^error'] }),
    event: event(),
    expect: 'forwarded',
  },
  {
    name: 'drops for a suspended alert',
    alert: indexedAlert({ suspended: true }),
    event: event(),
    expect: 'AlertSuspended',
  },
  {
    name: 'drops for a suspended provider',
    alert: indexedAlert({ provider: { key: 'apps/slack', type: 'slack', suspended: true } }),
    event: event(),
    expect: 'ProviderSuspended',
  },
  {
    name: 'drops for an alert that is not ready',
    alert: indexedAlert({ provider: undefined }),
    event: event(),
    expect: 'AlertNotReady',
  },
  {
    name: 'drops a commit status update for a chat provider',
    alert: indexedAlert(),
    event: event({ metadata: { 'kustomize.toolkit.fluxcd.io/commit_status': 'update' } }),
    expect: 'CommitStatusUpdate',
  },
  {
    // Flux drops it for every type that does not set Git commit statuses, webhooks included.
    name: 'drops a commit status update for a generic webhook too, as Flux',
    alert: indexedAlert({ provider: { key: 'apps/hook', type: 'generic', suspended: false } }),
    event: event({ metadata: { 'kustomize.toolkit.fluxcd.io/commit_status': 'update' } }),
    expect: 'CommitStatusUpdate',
  },
  {
    name: "commit_status of another group is not the involved object's: forwarded",
    alert: indexedAlert(),
    event: event({ metadata: { 'helm.toolkit.fluxcd.io/commit_status': 'update' } }),
    expect: 'forwarded',
  },
  {
    name: 'commit_status of a core-group object is `/commit_status`',
    alert: indexedAlert({ sources: [{ kind: 'Pod', name: '*' }] }),
    event: event(
      { metadata: { '/commit_status': 'update' } },
      { kind: 'Pod', apiVersion: 'v1', name: 'web-1' },
    ),
    expect: 'CommitStatusUpdate',
  },
  {
    name: 'a commit_status other than update is forwarded',
    alert: indexedAlert(),
    event: event({ metadata: { 'kustomize.toolkit.fluxcd.io/commit_status': 'create' } }),
    expect: 'forwarded',
  },
  {
    name: 'drops for a git provider an event that is no commit status update and names no commit',
    alert: indexedAlert({ provider: { key: 'apps/git', type: 'github', suspended: false } }),
    event: event({ metadata: { 'kustomize.toolkit.fluxcd.io/revision': 'main@sha1:abc' } }),
    expect: 'CommitMetadataMissing',
  },
  {
    name: 'forwards to a git provider an event naming its commit (event.toolkit.fluxcd.io/commit)',
    alert: indexedAlert({ provider: { key: 'apps/git', type: 'gitlab', suspended: false } }),
    event: event({ metadata: { 'event.toolkit.fluxcd.io/commit': 'abc' } }),
    expect: 'forwarded',
  },
  {
    name: 'an empty commit key does not count',
    alert: indexedAlert({ provider: { key: 'apps/git', type: 'gitlab', suspended: false } }),
    event: event({ metadata: { 'event.toolkit.fluxcd.io/commit': '' } }),
    expect: 'CommitMetadataMissing',
  },
  {
    name: 'drops for a change-request provider an event naming no change request',
    alert: indexedAlert({
      provider: { key: 'apps/pr', type: 'githubpullrequestcomment', suspended: false },
    }),
    event: event(),
    expect: 'ChangeRequestMetadataMissing',
  },
  {
    name: 'forwards to a change-request provider an event naming its change request',
    alert: indexedAlert({
      provider: { key: 'apps/pr', type: 'gitlabmergerequestcomment', suspended: false },
    }),
    event: event({ metadata: { 'event.toolkit.fluxcd.io/change_request': '42' } }),
    expect: 'forwarded',
  },
  {
    name: 'forwards a commit status update to a git commit-status provider',
    alert: indexedAlert({ provider: { key: 'apps/git', type: 'github', suspended: false } }),
    event: event({ metadata: { 'kustomize.toolkit.fluxcd.io/commit_status': 'update' } }),
    expect: 'forwarded',
  },
  {
    name: 'matchLabels: forwards when the labels contain them',
    alert: indexedAlert({
      sources: [{ kind: 'Kustomization', name: '*', matchLabels: { team: 'web' } }],
    }),
    event: event(),
    options: { labels: { team: 'web', tier: 'front' } },
    expect: 'forwarded',
  },
  {
    name: 'matchLabels: drops when a label differs',
    alert: indexedAlert({
      sources: [{ kind: 'Kustomization', name: '*', matchLabels: { team: 'web' } }],
    }),
    event: event(),
    options: { labels: { team: 'db' } },
    expect: 'LabelsMismatch',
  },
  {
    name: 'matchLabels: asks for labels when none were given',
    alert: indexedAlert({
      sources: [{ kind: 'Kustomization', name: '*', matchLabels: { team: 'web' } }],
    }),
    event: event(),
    expect: 'LabelsUnavailable',
  },
  {
    name: 'matchLabels on a named source: asks for labels, as Flux',
    alert: indexedAlert({
      sources: [{ kind: 'Kustomization', name: 'webapp', matchLabels: { team: 'web' } }],
    }),
    event: event(),
    expect: 'LabelsUnavailable',
  },
  {
    name: 'matchLabels on a named source: forwards when the labels contain them',
    alert: indexedAlert({
      sources: [{ kind: 'Kustomization', name: 'webapp', matchLabels: { team: 'web' } }],
    }),
    event: event(),
    options: { labels: { team: 'web' } },
    expect: 'forwarded',
  },
  {
    name: 'matchLabels on a named source: drops when a label differs',
    alert: indexedAlert({
      sources: [{ kind: 'Kustomization', name: 'webapp', matchLabels: { team: 'web' } }],
    }),
    event: event(),
    options: { labels: { team: 'db' } },
    expect: 'LabelsMismatch',
  },
  {
    name: 'matchLabels on a named source: another name is a mismatch, no labels asked',
    alert: indexedAlert({
      sources: [{ kind: 'Kustomization', name: 'backend', matchLabels: { team: 'web' } }],
    }),
    event: event(),
    expect: 'SourceMismatch',
  },
  {
    // Flux compares against nil: an empty map still needs the object, and then takes any labels.
    name: 'empty matchLabels still asks for labels, as Flux',
    alert: indexedAlert({ sources: [{ kind: 'Kustomization', name: '*', matchLabels: {} }] }),
    event: event(),
    expect: 'LabelsUnavailable',
  },
  {
    name: 'empty matchLabels forwards whatever the labels',
    alert: indexedAlert({ sources: [{ kind: 'Kustomization', name: '*', matchLabels: {} }] }),
    event: event(),
    options: { labels: {} },
    expect: 'forwarded',
  },
  {
    name: 'any matching source is enough',
    alert: indexedAlert({
      sources: [
        { kind: 'Kustomization', name: 'backend' },
        { kind: 'Kustomization', name: 'webapp' },
      ],
    }),
    event: event(),
    expect: 'forwarded',
  },
  {
    name: 'native kinds work like Flux kinds',
    alert: indexedAlert({ sources: [{ kind: 'Pod', name: '*' }] }),
    event: event({ severity: 'error' }, { kind: 'Pod', apiVersion: 'v1', name: 'web-1' }),
    expect: 'forwarded',
  },
];

for (const c of cases) {
  test(c.name, () => {
    const outcome = matchEvent(c.event, new AlertIndex([c.alert]), {
      noCrossNamespaceRefs: false,
      ...c.options,
    });
    if (c.expect === 'forwarded') {
      assert.deepEqual(
        outcome.matched.map((alert) => alert.key),
        [c.alert.key],
      );
      assert.deepEqual(outcome.dropped, []);
    } else if (c.expect === 'not a candidate') {
      assert.deepEqual(outcome, { matched: [], dropped: [], needsLabels: false });
    } else {
      assert.deepEqual(outcome.matched, []);
      assert.deepEqual(outcome.dropped, [{ alert: c.alert.key, reason: c.expect }]);
      assert.equal(outcome.needsLabels, c.expect === 'LabelsUnavailable');
    }
  });
}

test('the commit-status rule follows the provider class, for every type name', () => {
  const update = event({ metadata: { 'kustomize.toolkit.fluxcd.io/commit_status': 'update' } });
  for (const type of PROVIDER_TYPES) {
    const alert = indexedAlert({ provider: { key: `apps/${type}`, type, suspended: false } });
    const outcome = matchEvent(update, new AlertIndex([alert]), { noCrossNamespaceRefs: false });
    assert.equal(outcome.matched.length === 1, providerClassOf(type) === 'git', type);
  }
});

test('several alerts: each decides on its own', () => {
  const alerts = [
    indexedAlert({ key: 'apps/a' }),
    indexedAlert({ key: 'apps/b', severity: 'error' }),
    indexedAlert({ key: 'apps/c', sources: [{ kind: 'HelmRelease', name: '*' }] }),
  ];
  const outcome = matchEvent(event(), new AlertIndex(alerts), { noCrossNamespaceRefs: false });
  assert.deepEqual(
    outcome.matched.map((alert) => alert.key),
    ['apps/a'],
  );
  assert.deepEqual(outcome.dropped, [{ alert: 'apps/b', reason: 'SeverityBelowAlert' }]);
});

test('a catastrophic-backtracking regex stays linear on a long message', () => {
  // (a+)+$ against "aaaa…b" takes exponential time in a backtracking engine.
  const alert = indexedAlert({ exclusion: ['(a+)+$'] });
  const message = `${'a'.repeat(100_000)}b`;
  const outcome = matchEvent(event({ message }), new AlertIndex([alert]), {
    noCrossNamespaceRefs: false,
  });
  assert.deepEqual(
    outcome.matched.map((matched) => matched.key),
    [alert.key],
  );
});

test('an Alert with a named and a * namespace source is a candidate once', () => {
  const alert = indexedAlert({
    sources: [
      { kind: 'Kustomization', name: '*' },
      { kind: 'Kustomization', name: '*', namespace: '*' },
    ],
  });
  const outcome = matchEvent(event(), new AlertIndex([alert]), { noCrossNamespaceRefs: false });
  assert.deepEqual(
    outcome.matched.map((matched) => matched.key),
    [alert.key],
  );
});
