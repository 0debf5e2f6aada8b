import type { Registry } from 'prom-client';
import type { Config } from '../config/config.js';
import type { Clock } from '../clock/clock.js';
import type { KubeClient } from '../kube/kube-client.js';
import { kubeRequestErrorOf } from '../kube/kube-request-error.js';
import type { Component } from '../lifecycle/component.js';
import type { Deadline } from '../lifecycle/deadline.js';
import { whenAborted } from '../lifecycle/when-aborted.js';
import {
  DEFAULT_LIST_WATCH_TUNING,
  type ListWatchSupervisor,
  type ListWatchTuning,
} from '../kube/list-watch-supervisor.js';
import { restartDelayMs } from '../kube/restart-backoff.js';
import type { Logger } from '../logging/logger.js';
import type { EventIntake } from '../pipeline/event-intake.js';
import { ALL_NAMESPACES, type Checkpoint } from './checkpoint.js';
import { CheckpointStore } from './checkpoint-store.js';
import { firstStartCheckpoint } from './kube-event-first-start.js';
import { KubeEventIngest } from './kube-event-ingest.js';
import { KubeEventMetrics } from './kube-event-metrics.js';
import { superviseKubeEvents } from './kube-event-watcher.js';

export type KubeEventSourceConfig = Pick<
  Config,
  'kubeEventsNamespaces' | 'kubeEventsSinceMs' | 'kubeEventsSkipControllers' | 'runtimeNamespace'
>;

export interface KubeEventSourceOptions {
  /** Events are listed and watched as the informers' objects are; checkpoints go through `core`. */
  client: Pick<KubeClient, 'listWatch' | 'core'>;
  /** The shared intake: the same rate limiter as the Event API, then the sink. */
  intake: EventIntake;
  registry: Registry;
  logger: Logger;
  config: KubeEventSourceConfig;
  clock: Clock;
  /** The checkpoint ConfigMap's name (in `runtimeNamespace`) and write interval. */
  checkpoint?: { configMapName?: string; writeIntervalMs?: number };
  /** Backoff, silence and paging of the Event streams and of checkpoint reads (tests shorten them). */
  watch?: Partial<ListWatchTuning>;
}

interface Stream {
  readonly key: string;
  readonly ingest: KubeEventIngest;
  readonly watcher: ListWatchSupervisor;
}

interface Term {
  readonly streams: readonly Stream[];
  halted: boolean;
}

/**
 * Native Kubernetes Events as Flux events, a leader-only component: from `start()` (this replica
 * gained the Lease) to `stop()` (it lost it, or Herald stops), one supervised
 * list+watch per namespace of `--kube-events-namespaces` (one for all when empty), each
 * resuming from its checkpoint in a ConfigMap of `RUNTIME_NAMESPACE`, each new occurrence
 * admitted once through the shared intake.
 *
 * Exactly once across restarts and failover: checkpoints are written at most once a second and
 * once more when ingestion stops gracefully (`stop()`), and each term reads them before its
 * first watch. `stop()` halts the streams before it returns its promise: a replica that lost
 * the Lease hands on no further Event. A leader killed between two writes repeats, on the
 * next leader, at most what it handed on since its last write
 * (`herald_kube_events_checkpoint_age_seconds`). A checkpoint is stored only past occurrences
 * the sink has recorded (spooled, with `--storage-path`), so a kill between the watch and the
 * spool repeats an occurrence rather than lose it.
 */
export class KubeEventSource implements Component {
  readonly name = 'kube-events';
  readonly scope = 'leader-only';
  readonly #options: KubeEventSourceOptions;
  readonly #metrics: KubeEventMetrics;
  readonly #store: CheckpointStore;
  readonly #skipControllers: ReadonlySet<string>;
  #term: Term | undefined;
  /** Aborts a term that is still loading its checkpoints. */
  #starting: AbortController | undefined;
  #transition: Promise<void> = Promise.resolve();
  /** Between `start()` and `stop()`: a term should run. */
  #active = false;
  #flushOnStop = true;
  /** Until when a stop waits for the sink to record what was handed on; unbounded if absent. */
  #stopDeadline: AbortSignal | undefined;

  constructor(options: KubeEventSourceOptions) {
    this.#options = options;
    this.#skipControllers = new Set(options.config.kubeEventsSkipControllers);
    this.#metrics = new KubeEventMetrics(options.registry, {
      checkpointAgeSeconds: () => this.#store.ageSeconds(),
      occurrenceMarks: () =>
        (this.#term?.streams ?? []).reduce((sum, stream) => sum + stream.ingest.marks, 0),
    });
    this.#store = new CheckpointStore({
      core: options.client.core,
      namespace: options.config.runtimeNamespace,
      name: options.checkpoint?.configMapName,
      writeIntervalMs: options.checkpoint?.writeIntervalMs,
      logger: options.logger,
      metrics: this.#metrics,
      clock: options.clock,
    });
  }

  /**
   * Starts a term: reads the checkpoints (retrying with backoff until it can), then watches.
   * Resolves at once; `ingesting` says when the watches run.
   */
  start(): Promise<void> {
    this.#active = true;
    this.#reconcile();
    return Promise.resolve();
  }

  /**
   * Stops ingesting at once, waits (until `deadline` aborts) for the sink to record what was
   * handed on, and writes the checkpoint: the next leader (or this process restarted)
   * continues exactly after the last Event handed on, or, past the deadline, after the last one
   * recorded. Call it before releasing the Lease; `start()` may follow.
   */
  async stop(deadline?: Deadline): Promise<void> {
    this.#stopDeadline = deadline?.signal;
    this.#active = false;
    this.#reconcile();
    await this.settled();
  }

  /**
   * For tests: stops as a process killed between two checkpoint writes would, without the
   * final write, so the next leader repeats what was handed on since the last one.
   */
  async kill(): Promise<void> {
    this.#flushOnStop = false;
    await this.stop();
  }

  /** Writes the pending checkpoints now; true when the stored ones are current. */
  flush(): Promise<boolean> {
    return this.#store.flush();
  }

  /** True while watching (this replica leads and its checkpoints are loaded). */
  get ingesting(): boolean {
    return this.#term !== undefined && !this.#term.halted;
  }

  /** Resolves once the source has acted on every start and stop so far. */
  async settled(): Promise<void> {
    let seen: Promise<void> | undefined;
    while (seen !== this.#transition) {
      seen = this.#transition;
      await seen;
    }
  }

  #wanted(): boolean {
    return this.#active;
  }

  #reconcile(): void {
    if (!this.#wanted()) {
      // At once, not in turn: a replica that lost the Lease must not hand on one more Event.
      this.#starting?.abort();
      if (this.#term !== undefined) this.#halt(this.#term);
    }
    this.#transition = this.#transition
      .then(() => this.#converge())
      .catch((error: unknown) => {
        this.#options.logger.error(
          { error: kubeRequestErrorOf(error).message },
          'Failed to start or stop watching Kubernetes Events',
        );
      });
  }

  #halt(term: Term): void {
    term.halted = true;
    for (const stream of term.streams) stream.watcher.halt();
  }

  /** Level-based: runs until watching matches `#active`. */
  async #converge(): Promise<void> {
    for (;;) {
      const wanted = this.#wanted();
      if (this.#term !== undefined && (!wanted || this.#term.halted)) {
        await this.#endTerm(this.#term);
      } else if (this.#term === undefined && wanted) {
        if (!(await this.#beginTerm())) return;
      } else {
        return;
      }
    }
  }

  /** Loads the checkpoints and starts every stream; false when stopped meanwhile. */
  async #beginTerm(): Promise<boolean> {
    const { logger, config } = this.#options;
    const starting = new AbortController();
    this.#starting = starting;
    const checkpoints = await this.#loadCheckpoints(starting.signal);
    this.#starting = undefined;
    if (checkpoints === undefined || starting.signal.aborted || !this.#wanted()) {
      await this.#store.close();
      return false;
    }
    const keys =
      config.kubeEventsNamespaces.length === 0 ? [ALL_NAMESPACES] : config.kubeEventsNamespaces;
    const startedMs = this.#options.clock.now();
    const streams = keys.map((key) => this.#openStream(key, checkpoints.get(key), startedMs));
    this.#term = { streams, halted: false };
    for (const stream of streams) stream.watcher.start();
    logger.info(
      {
        namespaces: keys,
        resumed: streams.filter((s) => checkpoints.has(s.key)).map((s) => s.key),
      },
      'Started watching Kubernetes Events',
    );
    return true;
  }

  #openStream(key: string, stored: Checkpoint | undefined, startedMs: number): Stream {
    const { client, intake, logger, config, watch } = this.#options;
    const checkpoint = stored ?? firstStartCheckpoint(startedMs, config.kubeEventsSinceMs);
    // Stored at once, so a first start killed before its first list still skips the backlog.
    if (stored === undefined) this.#store.record(key, checkpoint);
    const ingest = new KubeEventIngest({
      checkpoint,
      firstStart: stored === undefined,
      skipControllers: this.#skipControllers,
      intake,
      metrics: this.#metrics,
      onCheckpoint: (moved) => {
        this.#store.record(key, moved);
      },
      logger,
    });
    const watcher = superviseKubeEvents({
      transport: client.listWatch,
      namespace: key === ALL_NAMESPACES ? undefined : key,
      resourceVersion: checkpoint.resourceVersion,
      ingest,
      logger,
      metrics: this.#metrics,
      clock: this.#options.clock,
      tuning: watch,
    });
    return { key, ingest, watcher };
  }

  /** The stored checkpoints, retried with backoff; undefined when aborted first. */
  async #loadCheckpoints(signal: AbortSignal): Promise<Map<string, Checkpoint> | undefined> {
    const backoff = { ...DEFAULT_LIST_WATCH_TUNING, ...this.#options.watch };
    for (let failures = 1; !signal.aborted; failures++) {
      try {
        return await this.#store.load();
      } catch (error) {
        this.#options.logger.error(
          { error: kubeRequestErrorOf(error).message, failures },
          'Failed to read the Kubernetes Event checkpoints; not watching until they are read',
        );
      }
      try {
        await this.#options.clock.sleep(restartDelayMs(failures, backoff), signal);
      } catch {
        // Aborted: the source was stopped.
      }
    }
    return undefined;
  }

  async #endTerm(term: Term): Promise<void> {
    this.#halt(term);
    await Promise.all(term.streams.map((stream) => stream.watcher.stop()));
    this.#term = undefined;
    const { logger } = this.#options;
    if (this.#flushOnStop) {
      const recorded = Promise.all(term.streams.map((stream) => stream.ingest.recorded()));
      const deadline = this.#stopDeadline;
      await (deadline === undefined ? recorded : Promise.race([recorded, whenAborted(deadline)]));
    }
    // A recording that ends after this must not move a checkpoint the next term has loaded.
    for (const stream of term.streams) stream.ingest.close();
    if (this.#flushOnStop) {
      const current = await this.#store.flush();
      if (current) logger.info('Stopped watching Kubernetes Events; checkpoint written');
      else logger.error('Stopped watching Kubernetes Events; the last checkpoint write failed');
    } else {
      logger.info('Stopped watching Kubernetes Events without writing the checkpoint');
    }
    await this.#store.close();
  }
}
