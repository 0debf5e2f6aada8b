// client-node's generated models are plain data classes, serialized by field: literals do.
import { systemClock } from '../../src/clock/clock.js';
import { V1MicroTime, type V1Lease } from '@kubernetes/client-node';
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, test } from 'node:test';
import {
  createLeaderElector,
  LEASE_NAME,
  type LeaderElectionOptions,
  type LeaderElector,
} from '../../src/kube/leader-election.js';
import { startKubeFixture, type KubeFixture } from '../support/kube-fixture.js';
import { captureLogs } from '../support/log-capture.js';
import { waitFor } from '../support/wait-for.js';

const NAMESPACE = 'flux-system';
const LEASE_PATH = `/apis/coordination.k8s.io/v1/namespaces/${NAMESPACE}/leases/${LEASE_NAME}`;
/** Short enough for tests: the Lease says 2 s (whole seconds, rounded up). */
const FAST = { leaseDurationMs: 1_500, renewDeadlineMs: 1_000, retryPeriodMs: 200 };
const WAIT_MS = 30_000;

interface Candidate {
  elector: LeaderElector;
  changes: boolean[];
}

describe('Lease leader election against the test API server', () => {
  let kube: KubeFixture;
  let logs: ReturnType<typeof captureLogs>;
  const candidates: Candidate[] = [];

  const candidate = (identity: string, timing: Partial<LeaderElectionOptions> = FAST) => {
    const elector = createLeaderElector({
      coordination: kube.client().coordination,
      namespace: NAMESPACE,
      identity,
      ...FAST,
      ...timing,
      clock: systemClock,
      logger: logs.logger.child({ candidate: identity }),
    });
    const changes: boolean[] = [];
    elector.onChange((leading) => changes.push(leading));
    const entry = { elector, changes };
    candidates.push(entry);
    return entry;
  };
  const leaders = () => candidates.filter((c) => c.elector.isLeader());
  const readLease = () =>
    kube.client().coordination.readNamespacedLease({ name: LEASE_NAME, namespace: NAMESPACE });
  const leaseRequests = () =>
    kube.api.requests
      .filter((r) => r.path === LEASE_PATH || r.path === LEASE_PATH.replace(`/${LEASE_NAME}`, ''))
      .map((r) => `${r.verb ?? r.method} ${String(r.status)}`);
  const releasedLease = (): void => {
    kube.api.create({
      apiVersion: 'coordination.k8s.io/v1',
      kind: 'Lease',
      metadata: { name: LEASE_NAME, namespace: NAMESPACE },
      spec: { holderIdentity: '', leaseDurationSeconds: 1, leaseTransitions: 3 },
    });
  };

  beforeEach(async () => {
    kube = await startKubeFixture();
    logs = captureLogs();
  });
  afterEach(async () => {
    await Promise.all(candidates.splice(0).map((c) => c.elector.stop()));
    await kube.close();
  });

  test('of two candidates on one Lease exactly one leads, and the Lease names it', async () => {
    const a = candidate('herald-a');
    const b = candidate('herald-b');
    a.elector.start();
    b.elector.start();
    await waitFor(() => leaders().length === 1, 'a leader', WAIT_MS);
    // A few retry periods on, still one leader and the same one.
    const [leader] = leaders();
    const until = Date.now() + 5 * FAST.retryPeriodMs;
    while (Date.now() < until) {
      assert.ok(leaders().length <= 1, 'never two leaders');
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    assert.deepEqual(leaders(), [leader]);
    const lease = await readLease();
    const leaderName = leader === a ? 'herald-a' : 'herald-b';
    assert.equal(lease.spec?.holderIdentity, leaderName);
    assert.equal(lease.spec.leaseDurationSeconds, 2);
    assert.equal(lease.spec.leaseTransitions, 0);
    assert.deepEqual(leader?.changes, [true]);
    assert.deepEqual((leader === a ? b : a).changes, []);
  });

  test('a graceful stop releases the Lease: the other takes over without waiting for it to expire', async () => {
    // A Lease that would take a minute to expire: only the release explains a quick takeover.
    const slow = { leaseDurationMs: 60_000, renewDeadlineMs: 40_000, retryPeriodMs: 200 };
    const a = candidate('herald-a', slow);
    a.elector.start();
    await waitFor(() => a.elector.isLeader(), 'herald-a to lead', WAIT_MS);
    const b = candidate('herald-b', slow);
    b.elector.start();
    await waitFor(() => leaseRequests().length > 4, 'herald-b to try', WAIT_MS);
    assert.equal(b.elector.isLeader(), false);

    await a.elector.stop();
    assert.deepEqual(a.changes, [true, false]);
    assert.ok(
      logs.lines().some((line) => line.msg === 'Released leadership'),
      'the release is logged',
    );
    await waitFor(() => b.elector.isLeader(), 'herald-b to take over', 20_000);
    const lease = await readLease();
    assert.equal(lease.spec?.holderIdentity, 'herald-b');
    assert.equal(lease.spec.leaseTransitions, 1, 'the takeover counts one transition');
    assert.equal(lease.spec.leaseDurationSeconds, 60);
  });

  test('with releaseOnCancel false (--leader-election-release-on-cancel=false) a graceful stop keeps the Lease', async () => {
    const a = candidate('herald-a', { releaseOnCancel: false });
    a.elector.start();
    await waitFor(() => a.elector.isLeader(), 'herald-a to lead', WAIT_MS);
    await a.elector.stop();
    assert.deepEqual(a.changes, [true, false], 'it stepped down');
    assert.ok(!logs.lines().some((line) => line.msg === 'Released leadership'), 'no release');
    const lease = await readLease();
    assert.equal(lease.spec?.holderIdentity, 'herald-a', 'still held, until it expires');
  });

  test('a leader that dies without releasing is replaced only once its Lease expired', async () => {
    const a = candidate('herald-a');
    a.elector.start();
    await waitFor(() => a.elector.isLeader(), 'herald-a to lead', WAIT_MS);
    const b = candidate('herald-b');
    b.elector.start();
    await a.elector.abandon();
    const abandoned = await readLease();
    assert.equal(abandoned.spec?.holderIdentity, 'herald-a', 'no release');
    await waitFor(() => b.elector.isLeader(), 'herald-b to take over', WAIT_MS);
    const taken = await readLease();
    assert.equal(taken.spec?.holderIdentity, 'herald-b');
    const lastRenewMs = Date.parse(String(abandoned.spec.renewTime));
    const acquiredMs = Date.parse(String(taken.spec.acquireTime));
    assert.ok(
      acquiredMs - lastRenewMs >= 2_000,
      `taken ${acquiredMs - lastRenewMs} ms after the last renewal, not before the 2 s Lease expired`,
    );
    assert.equal(taken.spec.leaseTransitions, 1);
  });

  test('a 409 on writing the Lease is answered by reading it again at once', async () => {
    releasedLease();
    kube.api.faults.inject({ verb: 'update', resource: 'leases', status: 409, times: 1 });
    const a = candidate('herald-a');
    a.elector.start();
    await waitFor(() => a.elector.isLeader(), 'herald-a to lead', WAIT_MS);
    assert.deepEqual(leaseRequests().slice(0, 4), [
      'get 200',
      'update 409',
      'get 200',
      'update 200',
    ]);
    const lease = await readLease();
    assert.equal(lease.spec?.leaseTransitions, 4, 'a released Lease taken counts a transition');
  });

  test('candidates racing for a released Lease end with one leader', async () => {
    releasedLease();
    const all = ['a', 'b', 'c', 'd'].map((name) => candidate(`herald-${name}`));
    for (const c of all) c.elector.start();
    await waitFor(() => leaders().length === 1, 'a leader', WAIT_MS);
    // By now every candidate has tried; the losers' writes usually met a 409 (they raced
    // from one resourceVersion), though a slow one may simply have read the winner's Lease.
    await waitFor(() => leaseRequests().length > 3 * all.length, 'every candidate to try', WAIT_MS);
    assert.equal(leaders().length, 1);
    const lease: V1Lease = await readLease();
    assert.equal(lease.spec?.leaseTransitions, 4);
  });

  test('a leader that cannot renew steps down at the renew deadline, and leads again once it can', async () => {
    const a = candidate('herald-a');
    a.elector.start();
    await waitFor(() => a.elector.isLeader(), 'herald-a to lead', WAIT_MS);
    const outage = kube.api.faults.inject({ resource: 'leases', status: 500 });
    await waitFor(() => a.changes.length === 2, 'herald-a to step down', WAIT_MS);
    assert.deepEqual(a.changes, [true, false]);
    assert.equal(a.elector.isLeader(), false);
    assert.ok(
      logs.lines().some((line) => line.msg === 'Failed to renew the leader Lease'),
      'the failed renewals are logged',
    );
    outage.remove();
    await waitFor(() => a.elector.isLeader(), 'herald-a to lead again', WAIT_MS);
    assert.deepEqual(a.changes, [true, false, true]);
  });

  test('a leader that finds another holder in the Lease steps down at once', async () => {
    const a = candidate('herald-a');
    a.elector.start();
    await waitFor(() => a.elector.isLeader(), 'herald-a to lead', WAIT_MS);
    const lease = await readLease();
    await kube.client().coordination.replaceNamespacedLease({
      name: LEASE_NAME,
      namespace: NAMESPACE,
      body: {
        metadata: lease.metadata,
        spec: { holderIdentity: 'intruder', leaseDurationSeconds: 2, renewTime: new V1MicroTime() },
      },
    });
    await waitFor(() => !a.elector.isLeader(), 'herald-a to step down', WAIT_MS);
    assert.ok(
      logs
        .lines()
        .some((line) => line.msg === 'Stopped leading' && line.reason === 'held by intruder'),
      'stepped down for the other holder',
    );
  });

  test('refuses timings that cannot work', () => {
    assert.throws(
      () =>
        createLeaderElector({
          coordination: kube.client().coordination,
          namespace: NAMESPACE,
          identity: 'x',
          leaseDurationMs: 10_000,
          renewDeadlineMs: 10_000,
          retryPeriodMs: 2_000,
          clock: systemClock,
          logger: logs.logger,
        }),
      { name: 'LeaderElectionConfigError', code: 'HERALD_LEADER_ELECTION_INVALID' },
    );
  });
});
