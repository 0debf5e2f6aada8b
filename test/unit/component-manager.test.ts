import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Component, ComponentScope } from '../../src/lifecycle/component.js';
import { ComponentManager } from '../../src/lifecycle/component-manager.js';
import type { Deadline } from '../../src/lifecycle/deadline.js';
import { whenAborted } from '../../src/lifecycle/when-aborted.js';
import { captureLogs } from '../support/log-capture.js';
import { createManualClock, type ManualClock } from '../support/manual-clock.js';
import { FlagLeadership } from '../support/flag-leadership.js';

/** Components that record their starts and stops in one shared journal. */
function journalled(journal: string[]) {
  return (
    name: string,
    scope: ComponentScope = 'every-replica',
    stop: (deadline: Deadline) => Promise<void> = () => Promise.resolve(),
  ): Component => ({
    name,
    scope,
    start() {
      journal.push(`start ${name}`);
      return Promise.resolve();
    },
    async stop(deadline) {
      journal.push(`stop ${name}`);
      await stop(deadline);
    },
  });
}

function managerOf(
  components: Component[],
  options: { leadership?: FlagLeadership; clock?: ManualClock } = {},
) {
  const logs = captureLogs();
  const manager = new ComponentManager({
    components,
    leadership: options.leadership ?? new FlagLeadership(true),
    logger: logs.logger,
    clock: options.clock ?? createManualClock(),
    stepDownTimeoutMs: 1_000,
  });
  return { manager, logs };
}

describe('ComponentManager', () => {
  test('starts in order and stops in the reverse order', async () => {
    const journal: string[] = [];
    const component = journalled(journal);
    const { manager } = managerOf([component('health'), component('delivery'), component('api')]);
    await manager.start();
    assert.equal(manager.stopping, false);
    await manager.stop(1_000);
    assert.equal(manager.stopping, true);
    assert.deepEqual(journal, [
      'start health',
      'start delivery',
      'start api',
      'stop api',
      'stop delivery',
      'stop health',
    ]);
  });

  test('every component stops by one deadline, which aborts when it passes', async () => {
    const clock = createManualClock();
    const journal: string[] = [];
    const component = journalled(journal);
    const seen: [string, number, boolean][] = [];
    let slowStopping: () => void = () => undefined;
    const slowStopped = new Promise<void>((resolve) => {
      slowStopping = resolve;
    });
    const slow = component('slow', 'every-replica', async (deadline) => {
      seen.push(['slow', deadline.remainingMs(), deadline.signal.aborted]);
      slowStopping();
      await whenAborted(deadline.signal);
    });
    const first = component('first', 'every-replica', (deadline) => {
      seen.push(['first', deadline.remainingMs(), deadline.signal.aborted]);
      return Promise.resolve();
    });
    const { manager } = managerOf([first, slow], { clock });
    await manager.start();
    const stopping = manager.stop(5_000);
    await slowStopped;
    clock.advance(5_000);
    await stopping;
    assert.deepEqual(seen, [
      ['slow', 5_000, false],
      ['first', 0, true],
    ]);
  });

  test('a failed start stops what already started and rethrows', async () => {
    const journal: string[] = [];
    const component = journalled(journal);
    const broken: Component = {
      name: 'broken',
      scope: 'every-replica',
      start: () => Promise.reject(new Error('port taken')),
      stop: () => Promise.resolve(),
    };
    const { manager } = managerOf([component('health'), broken, component('api')]);
    await assert.rejects(manager.start(), /port taken/);
    assert.deepEqual(journal, ['start health', 'stop health']);
  });

  test('leader-only components run while this replica leads, and stop at once when it stops', async () => {
    const journal: string[] = [];
    const component = journalled(journal);
    const leadership = new FlagLeadership(false);
    const { manager } = managerOf(
      [component('cache'), component('native-events', 'leader-only'), component('api')],
      { leadership },
    );
    await manager.start();
    assert.deepEqual(journal, ['start cache', 'start api']);
    leadership.set(true);
    await new Promise((resolve) => setImmediate(resolve));
    assert.deepEqual(journal.slice(2), ['start native-events']);
    leadership.set(false);
    // Synchronously: no leader work may go on after leadership is lost.
    assert.deepEqual(journal.slice(3), ['stop native-events']);
    leadership.set(true);
    await new Promise((resolve) => setImmediate(resolve));
    await manager.stop(1_000);
    assert.deepEqual(journal.slice(4), [
      'start native-events',
      'stop api',
      'stop native-events',
      'stop cache',
    ]);
  });

  test('a component that fails to stop is logged and the others still stop', async () => {
    const journal: string[] = [];
    const component = journalled(journal);
    const failing = component('failing', 'every-replica', () => Promise.reject(new Error('boom')));
    const { manager, logs } = managerOf([component('health'), failing]);
    await manager.start();
    await manager.stop(1_000);
    assert.deepEqual(journal.slice(2), ['stop failing', 'stop health']);
    assert.ok(
      logs
        .lines()
        .some((line) => line.msg === 'Failed to stop a component' && line.error === 'boom'),
    );
  });
});
