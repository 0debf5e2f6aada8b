import { kubeRequestErrorOf } from '../kube/kube-request-error.js';
import {
  PatchStrategy,
  setHeaderOptions,
  V1ConfigMap,
  V1ObjectMeta,
  type CoreV1Api,
} from '@kubernetes/client-node';
import type { Logger } from '../logging/logger.js';
import type { Clock, TimerHandle } from '../clock/clock.js';
import type { Checkpoint } from './checkpoint.js';
import { fromConfigMapData, toConfigMapData } from './checkpoint-data.js';
import type { KubeEventMetrics } from './kube-event-metrics.js';

/** The ConfigMap, in `RUNTIME_NAMESPACE`, that holds the native Event checkpoints. */
export const CHECKPOINT_CONFIGMAP_NAME = 'herald-kube-events-checkpoint';
/**
 * At most one checkpoint write per this many milliseconds: a bounded load on the API server
 * however fast Events come. A leader killed between two writes repeats what it handed on since
 * the last one.
 */
export const CHECKPOINT_WRITE_INTERVAL_MS = 1_000;

/**
 * While writes keep failing (the API server down), the next waits twice as long as the last,
 * up to this; and only the 1st, 2nd, 4th, 8th… failure in a row is logged.
 */
const MAX_WRITE_BACKOFF_MS = 30_000;

const MERGE_PATCH = setHeaderOptions('Content-Type', PatchStrategy.MergePatch);
const HTTP_NOT_FOUND = 404;
const HTTP_CONFLICT = 409;

export interface CheckpointStoreOptions {
  core: CoreV1Api;
  /** `RUNTIME_NAMESPACE`. */
  namespace: string;
  name?: string;
  writeIntervalMs?: number;
  logger: Logger;
  metrics: Pick<KubeEventMetrics, 'checkpointWrites' | 'checkpointWriteFailures'>;
  /** The write interval and the checkpoint's age, on its monotonic time. */
  clock: Clock;
}

/**
 * Keeps the checkpoints of the watched namespaces in a ConfigMap: read once when a leadership
 * term starts, written at a bounded rate while it lasts (only the keys that changed, by
 * merge-patch, so entries of namespaces watched under another configuration stay), and
 * flushed once more when it ends gracefully.
 *
 * There is no write fence between leaders: a leader that lost its Lease stops watching before a
 * new one can take over (renew deadline < lease duration), and the new one reads only then.
 */
export class CheckpointStore {
  readonly #options: CheckpointStoreOptions;
  readonly #name: string;
  readonly #intervalMs: number;
  /** Checkpoints handled and not yet written, by namespace key. */
  #pending = new Map<string, Checkpoint>();
  /** When the oldest entry of `#pending` was recorded. */
  #dirtySinceMs: number | undefined;
  #exists = false;
  #active = false;
  #timer: TimerHandle | undefined;
  #writing: Promise<void> | undefined;
  #lastWriteStartMs = Number.NEGATIVE_INFINITY;
  /** Writes failed in a row. */
  #failuresInARow = 0;

  constructor(options: CheckpointStoreOptions) {
    this.#options = options;
    this.#name = options.name ?? CHECKPOINT_CONFIGMAP_NAME;
    this.#intervalMs = options.writeIntervalMs ?? CHECKPOINT_WRITE_INTERVAL_MS;
  }

  /**
   * The stored checkpoints, by namespace key; an unreadable entry is logged and left out (its
   * namespace starts as on a first start). Throws when the ConfigMap cannot be read: without
   * knowing the checkpoint no watch may start. Starts a new term: writing is enabled.
   */
  async load(): Promise<Map<string, Checkpoint>> {
    const { core, namespace, logger } = this.#options;
    let configMap: V1ConfigMap | undefined;
    try {
      configMap = await core.readNamespacedConfigMap({ name: this.#name, namespace });
    } catch (error) {
      if (kubeRequestErrorOf(error).status !== HTTP_NOT_FOUND) throw error;
    }
    this.#exists = configMap !== undefined;
    const { checkpoints, problems } = fromConfigMapData(configMap?.data);
    for (const problem of problems) {
      logger.warn(
        { code: problem.code, configMap: `${namespace}/${this.#name}`, key: problem.key },
        `Ignored unreadable checkpoint: ${problem.message}`,
      );
    }
    this.#pending = new Map();
    this.#dirtySinceMs = undefined;
    this.#active = true;
    return checkpoints;
  }

  /** Remembers a namespace's checkpoint for the next write. Cheap: called for every Event. */
  record(namespaceKey: string, checkpoint: Checkpoint): void {
    this.#pending.set(namespaceKey, checkpoint);
    this.#dirtySinceMs ??= this.#options.clock.monotonic();
    this.#schedule();
  }

  /** Seconds since the oldest checkpoint not yet written; 0 when the stored one is current. */
  ageSeconds(): number {
    const since = this.#dirtySinceMs;
    return since === undefined ? 0 : Math.max(0, this.#options.clock.monotonic() - since) / 1_000;
  }

  /**
   * Writes what is pending now, after any write in flight. True when the stored checkpoint is
   * current: a graceful stop then hands over exactly where it stopped.
   */
  async flush(): Promise<boolean> {
    this.#cancelTimer();
    await this.#writing;
    if (this.#pending.size > 0) await this.#startWrite();
    return this.#pending.size === 0;
  }

  /** Ends the term: no more writes are started; one in flight is awaited. */
  async close(): Promise<void> {
    this.#active = false;
    this.#cancelTimer();
    await this.#writing;
  }

  #schedule(): void {
    if (!this.#active || this.#timer !== undefined || this.#writing !== undefined) return;
    const waitMs =
      this.#failuresInARow === 0
        ? this.#intervalMs
        : Math.min(this.#intervalMs * 2 ** this.#failuresInARow, MAX_WRITE_BACKOFF_MS);
    const delayMs = Math.max(0, this.#lastWriteStartMs + waitMs - this.#options.clock.monotonic());
    this.#timer = this.#options.clock.setTimeout(() => {
      this.#timer = undefined;
      void this.#startWrite();
    }, delayMs);
  }

  #cancelTimer(): void {
    this.#timer?.cancel();
    this.#timer = undefined;
  }

  #startWrite(): Promise<void> {
    const writing = this.#write().finally(() => {
      this.#writing = undefined;
      if (this.#pending.size > 0) this.#schedule();
    });
    this.#writing = writing;
    return writing;
  }

  async #write(): Promise<void> {
    const { logger, metrics, clock } = this.#options;
    const batch = new Map(this.#pending);
    this.#lastWriteStartMs = clock.monotonic();
    try {
      await this.#store(toConfigMapData(batch));
    } catch (error) {
      metrics.checkpointWriteFailures.inc();
      this.#failuresInARow++;
      // 1, 2, 4, 8…: a long outage logs a few lines, each saying how long it has lasted.
      if ((this.#failuresInARow & (this.#failuresInARow - 1)) === 0) {
        logger.error(
          {
            error: kubeRequestErrorOf(error).message,
            configMap: `${this.#options.namespace}/${this.#name}`,
            failuresInARow: this.#failuresInARow,
          },
          'Failed to write the Event checkpoint',
        );
      }
      return;
    }
    if (this.#failuresInARow > 0) {
      logger.info(
        {
          configMap: `${this.#options.namespace}/${this.#name}`,
          failuresInARow: this.#failuresInARow,
        },
        'Wrote the Event checkpoint again',
      );
      this.#failuresInARow = 0;
    }
    metrics.checkpointWrites.inc();
    for (const [key, checkpoint] of batch) {
      if (this.#pending.get(key) === checkpoint) this.#pending.delete(key);
    }
    // What is left was recorded while the write was in flight: dirty since about its start.
    this.#dirtySinceMs = this.#pending.size > 0 ? this.#lastWriteStartMs : undefined;
  }

  /** Merge-patches the keys into the ConfigMap, creating it when it does not exist. */
  async #store(data: Record<string, string>): Promise<void> {
    const { core, namespace } = this.#options;
    const name = this.#name;
    if (!this.#exists) {
      try {
        const body = new V1ConfigMap();
        body.metadata = Object.assign(new V1ObjectMeta(), { name });
        body.data = data;
        await core.createNamespacedConfigMap({ namespace, body });
        this.#exists = true;
        return;
      } catch (error) {
        if (kubeRequestErrorOf(error).status !== HTTP_CONFLICT) throw error;
        this.#exists = true;
      }
    }
    try {
      await core.patchNamespacedConfigMap({ name, namespace, body: { data } }, MERGE_PATCH);
    } catch (error) {
      // Deleted behind our back: create it at the next write.
      if (kubeRequestErrorOf(error).status === HTTP_NOT_FOUND) this.#exists = false;
      throw error;
    }
  }
}
