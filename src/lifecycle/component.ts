import type { Deadline } from './deadline.js';

/**
 * Where a component runs: on every replica (serving, caching, delivering), or only on the one
 * that holds the leader Lease (work that must happen once per cluster). Without leader election
 * every replica leads.
 */
export type ComponentScope = 'every-replica' | 'leader-only';

/**
 * One long-running part of Herald, as controller-runtime's Manager runs Runnables: started in
 * order, stopped in the reverse order under one shutdown deadline.
 */
export interface Component {
  /** Names it in log lines. */
  readonly name: string;
  readonly scope: ComponentScope;
  /** Starts the work and resolves once it runs (not once it is ready); rejects if it cannot. */
  start(): Promise<void>;
  /**
   * Stops the work. Must settle by the time `deadline.signal` aborts: work still in flight
   * then is aborted, not waited for. A leader-only component may be started again later.
   */
  stop(deadline: Deadline): Promise<void>;
}
