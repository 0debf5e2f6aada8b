import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import type { Clock } from '../clock/clock.js';

/** controller-runtime's buckets for `controller_runtime_reconcile_time_seconds`. */
const RECONCILE_TIME_BUCKETS_S = [
  0.005, 0.01, 0.025, 0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5, 0.6, 0.7, 0.8, 0.9,
  1.0, 1.25, 1.5, 1.75, 2.0, 2.5, 3.0, 3.5, 4.0, 4.5, 5, 6, 7, 8, 9, 10, 15, 20, 25, 30, 40, 50, 60,
];
/** client-go's workqueue buckets: 10 ns to 1,000 s, by factors of ten. */
const WORKQUEUE_BUCKETS_S = Array.from({ length: 12 }, (_, i) => 1e-8 * 10 ** i);

export type ReconcileResult = 'success' | 'error';

/** One object's reconcile in progress: end it once, with its result. */
export interface ReconcileInProgress {
  done(result: ReconcileResult): void;
}

/**
 * The metric families of controller-runtime's controllers and their workqueues, under the same
 * names and labels, so dashboards and alerts built for Flux's controllers read Herald's. Herald
 * reconciles level-based (every object of a kind on every change): one object's reconcile is
 * an item of its controller's queue, from the run that took it to its status being written.
 */
export class ControllerRuntimeMetrics {
  readonly #clock: Clock;
  readonly #reconcileTotal: Counter<'controller' | 'result'>;
  readonly #reconcileErrors: Counter<'controller'>;
  readonly #reconcileTime: Histogram<'controller'>;
  readonly #adds: Counter<'name' | 'controller'>;
  readonly #retries: Counter<'name' | 'controller'>;
  readonly #queueDuration: Histogram<'name' | 'controller'>;
  readonly #workDuration: Histogram<'name' | 'controller'>;
  /** Start times (monotonic ms) of the items in progress, per controller. */
  readonly #inProgress = new Map<string, Set<{ startedAtMs: number }>>();

  constructor(registry: Registry, clock: Clock, controllers: readonly string[]) {
    this.#clock = clock;
    const registers = [registry];
    const inProgress = this.#inProgress;
    const now = () => clock.monotonic();
    this.#reconcileTotal = new Counter({
      name: 'controller_runtime_reconcile_total',
      help: 'Total number of reconciliations per controller',
      labelNames: ['controller', 'result'],
      registers,
    });
    this.#reconcileErrors = new Counter({
      name: 'controller_runtime_reconcile_errors_total',
      help: 'Total number of reconciliation errors per controller',
      labelNames: ['controller'],
      registers,
    });
    this.#reconcileTime = new Histogram({
      name: 'controller_runtime_reconcile_time_seconds',
      help: 'Length of time per reconciliation per controller',
      labelNames: ['controller'],
      buckets: RECONCILE_TIME_BUCKETS_S,
      registers,
    });
    const maxConcurrent = new Gauge({
      name: 'controller_runtime_max_concurrent_reconciles',
      help: 'Maximum number of concurrent reconciles per controller',
      labelNames: ['controller'],
      registers,
    });
    new Gauge({
      name: 'controller_runtime_active_workers',
      help: 'Number of currently used workers per controller',
      labelNames: ['controller'],
      registers,
      collect() {
        for (const [controller, items] of inProgress) this.set({ controller }, items.size);
      },
    });
    new Gauge({
      name: 'workqueue_depth',
      help: 'Current depth of workqueue',
      labelNames: ['name', 'controller'],
      registers,
      collect() {
        // Herald takes every item of a run at once: nothing waits in the queue itself.
        for (const controller of inProgress.keys()) this.set({ name: controller, controller }, 0);
      },
    });
    this.#adds = new Counter({
      name: 'workqueue_adds_total',
      help: 'Total number of adds handled by workqueue',
      labelNames: ['name', 'controller'],
      registers,
    });
    this.#retries = new Counter({
      name: 'workqueue_retries_total',
      help: 'Total number of retries handled by workqueue',
      labelNames: ['name', 'controller'],
      registers,
    });
    this.#queueDuration = new Histogram({
      name: 'workqueue_queue_duration_seconds',
      help: 'How long in seconds an item stays in workqueue before being requested',
      labelNames: ['name', 'controller'],
      buckets: WORKQUEUE_BUCKETS_S,
      registers,
    });
    this.#workDuration = new Histogram({
      name: 'workqueue_work_duration_seconds',
      help: 'How long in seconds processing an item from workqueue takes',
      labelNames: ['name', 'controller'],
      buckets: WORKQUEUE_BUCKETS_S,
      registers,
    });
    new Gauge({
      name: 'workqueue_unfinished_work_seconds',
      help: 'How many seconds of work has been done that is in progress and has not been observed by work_duration',
      labelNames: ['name', 'controller'],
      registers,
      collect() {
        for (const [controller, items] of inProgress) {
          let seconds = 0;
          for (const item of items) seconds += (now() - item.startedAtMs) / 1_000;
          this.set({ name: controller, controller }, seconds);
        }
      },
    });
    new Gauge({
      name: 'workqueue_longest_running_processor_seconds',
      help: 'How many seconds has the longest running processor for workqueue been running',
      labelNames: ['name', 'controller'],
      registers,
      collect() {
        for (const [controller, items] of inProgress) {
          let oldest = 0;
          for (const item of items) oldest = Math.max(oldest, (now() - item.startedAtMs) / 1_000);
          this.set({ name: controller, controller }, oldest);
        }
      },
    });
    // As controller-runtime: every series exists from the start, at zero.
    for (const controller of controllers) {
      inProgress.set(controller, new Set());
      maxConcurrent.set({ controller }, 1);
      for (const result of ['success', 'error'] as const)
        this.#reconcileTotal.inc({ controller, result }, 0);
      this.#reconcileErrors.inc({ controller }, 0);
      this.#adds.inc({ name: controller, controller }, 0);
      this.#retries.inc({ name: controller, controller }, 0);
    }
  }

  /**
   * An object of `controller` taken by a run that was asked for at `queuedAtMs` (monotonic).
   * `retry` when an earlier reconcile of it failed.
   */
  begin(controller: string, queuedAtMs: number, retry: boolean): ReconcileInProgress {
    const labels = { name: controller, controller };
    const startedAtMs = this.#clock.monotonic();
    this.#adds.inc(labels);
    if (retry) this.#retries.inc(labels);
    this.#queueDuration.observe(labels, Math.max(0, startedAtMs - queuedAtMs) / 1_000);
    const item = { startedAtMs };
    const items = this.#inProgress.get(controller) ?? new Set();
    this.#inProgress.set(controller, items);
    items.add(item);
    let ended = false;
    return {
      done: (result) => {
        if (ended) return;
        ended = true;
        items.delete(item);
        const seconds = (this.#clock.monotonic() - startedAtMs) / 1_000;
        this.#workDuration.observe(labels, seconds);
        this.#reconcileTime.observe({ controller }, seconds);
        this.#reconcileTotal.inc({ controller, result });
        if (result === 'error') this.#reconcileErrors.inc({ controller });
      },
    };
  }
}
