import type { Clock } from '../clock/clock.js';
import { errorMessage } from '../errors/error-message.js';
import type { Leadership } from '../kube/leadership.js';
import type { Logger } from '../logging/logger.js';
import type { Component } from './component.js';
import { deadlineIn, type Deadline } from './deadline.js';
import { whenAborted } from './when-aborted.js';

export interface ComponentManagerOptions {
  /** In start order; they stop in the reverse order. */
  components: readonly Component[];
  leadership: Leadership;
  logger: Logger;
  clock: Clock;
  /** How long a leader-only component has to stop when leadership is lost. */
  stepDownTimeoutMs: number;
}

/**
 * Runs Herald's components: every-replica ones from `start()` to `stop()`, leader-only ones
 * while this replica leads. `stop()` stops them all in the reverse order under one deadline.
 */
export class ComponentManager {
  readonly #options: ComponentManagerOptions;
  /** Started and not yet stopped, in start order. */
  readonly #running: Component[] = [];
  #unsubscribe: (() => void) | undefined;
  /** Leader-only starts and stops, one at a time, in the order leadership changed. */
  #transition: Promise<void> = Promise.resolve();
  #stopping = false;

  constructor(options: ComponentManagerOptions) {
    this.#options = options;
  }

  /** True from the first moment of `stop()`: readiness turns false before anything stops. */
  get stopping(): boolean {
    return this.#stopping;
  }

  /**
   * Starts the every-replica components in order, then follows leadership for the others. A
   * component that fails to start stops those already started, and the error is rethrown.
   */
  async start(): Promise<void> {
    const { components, leadership } = this.#options;
    for (const component of components) {
      if (component.scope !== 'every-replica') continue;
      try {
        await component.start();
      } catch (error) {
        await this.stop(this.#options.stepDownTimeoutMs);
        throw error;
      }
      this.#running.push(component);
    }
    this.#unsubscribe = leadership.onChange((leading) => {
      this.#followLeadership(leading);
    });
    this.#followLeadership(leadership.isLeader());
  }

  /** Stops every running component in the reverse of the start order, all by one deadline. */
  async stop(timeoutMs: number): Promise<void> {
    this.#stopping = true;
    this.#unsubscribe?.();
    const deadline = deadlineIn(this.#options.clock, timeoutMs);
    try {
      // A leader-only start still under way is not waited for past the deadline.
      await Promise.race([this.#transition, whenAborted(deadline.signal)]);
      // In the reverse of the declared order, wherever a restarted leader-only one now stands.
      for (const component of [...this.#options.components].reverse())
        await this.#stopOne(component, deadline);
    } finally {
      deadline.dispose();
    }
  }

  #followLeadership(leading: boolean): void {
    if (this.#stopping) return;
    const leaderOnly = this.#options.components.filter((c) => c.scope === 'leader-only');
    if (leaderOnly.length === 0) return;
    if (leading) {
      this.#transition = this.#transition.then(() => this.#startLeaderOnly(leaderOnly));
      return;
    }
    // At once, not in turn: a replica that lost the Lease must not do leader work a moment
    // longer. Components still starting are stopped once their start is done.
    const stoppedNow = this.#stepDown();
    this.#transition = this.#transition.then(async () => {
      await stoppedNow;
      await this.#stepDown();
    });
  }

  async #startLeaderOnly(leaderOnly: readonly Component[]): Promise<void> {
    for (const component of leaderOnly) {
      if (this.#stopping || !this.#options.leadership.isLeader()) return;
      if (this.#running.includes(component)) continue;
      try {
        await component.start();
        this.#running.push(component);
      } catch (error) {
        this.#options.logger.error(
          { component: component.name, error: errorMessage(error) },
          'Failed to start a leader-only component',
        );
      }
    }
  }

  /** Stops every running leader-only component, all at once, by the step-down deadline. */
  async #stepDown(): Promise<void> {
    const running = this.#running.filter((component) => component.scope === 'leader-only');
    if (running.length === 0) return;
    const deadline = deadlineIn(this.#options.clock, this.#options.stepDownTimeoutMs);
    try {
      await Promise.all(running.reverse().map((component) => this.#stopOne(component, deadline)));
    } finally {
      deadline.dispose();
    }
  }

  async #stopOne(component: Component, deadline: Deadline): Promise<void> {
    const index = this.#running.indexOf(component);
    if (index === -1) return;
    this.#running.splice(index, 1);
    try {
      await component.stop(deadline);
    } catch (error) {
      this.#options.logger.error(
        { component: component.name, error: errorMessage(error) },
        'Failed to stop a component',
      );
    }
  }
}
