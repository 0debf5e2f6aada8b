import type { Alert, LastDispatch } from '../api/alert.js';
import { MAX_DISPATCH_ERROR_LENGTH } from '../api/alert.js';
import { DEFAULT_NAMESPACE, namespacedName } from '../api/object-meta.js';
import type { Provider } from '../api/provider.js';
import type { Readiness } from '../api/readiness/readiness.js';
import type { Secret } from '../api/secret.js';
import type { Clock } from '../clock/clock.js';
import { RetryTimers } from './retry-timers.js';
import { SerialWrites } from './status/serial-writes.js';
import type { Logger } from '../logging/logger.js';
import type {
  ControllerRuntimeMetrics,
  ReconcileInProgress,
} from '../metrics/controller-runtime-metrics.js';
import { controllerFields, objectFields, type ReconciledKind } from '../logging/object-fields.js';
import type { DeliveryPipeline } from '../pipeline/delivery-pipeline.js';
import type { DispatchResult } from '../pipeline/dispatcher.js';
import type { Leadership } from './leadership.js';
import type { CacheChange, ObjectCache } from './object-cache.js';
import {
  desiredStatus,
  rfc3339Seconds,
  statusDiffers,
  type HeraldStatus,
} from './status/desired-status.js';
import type { StatusWriter } from './status/status-writer.js';
import { errorMessage } from '../errors/error-message.js';

/**
 * An Alert's last dispatch is written at most this often: a busy Alert costs one status write
 * per interval, not one per event.
 */
const DISPATCH_STATUS_INTERVAL_MS = 30_000;
/** After a failed status write, reconcile again this much later. */
const STATUS_RETRY_DELAY_MS = 5_000;

export interface ReconcilerDeps {
  alerts: ObjectCache<Alert>;
  providers: ObjectCache<Provider>;
  secrets: ObjectCache<Secret>;
  pipeline: DeliveryPipeline;
  writeStatus: StatusWriter;
  leadership: Leadership;
  logger: Logger;
  clock: Clock;
  /** controller-runtime's families: one item per object and run, ended by its status write. */
  metrics: ControllerRuntimeMetrics;
}

type Kind = ReconciledKind;

/**
 * Level-based: whatever changed, it reads the whole state from the caches, rebuilds what
 * dispatch routes with, and writes each Alert's and Provider's status where it differs (leader
 * only). Fixing a cause (creating the missing Provider or Secret) turns dependants Ready
 * without a restart because everything is recomputed. Runs are coalesced; status writes for
 * one object are serial.
 */
export class Reconciler {
  readonly #deps: ReconcilerDeps;
  #scheduled = false;
  #readiness: Readiness[] = [];
  readonly #pendingDispatch = new Map<string, LastDispatch>();
  readonly #dispatchWrittenAt = new Map<string, number>();
  /** What was last written per object, so a write is not repeated before the watch echoes it. */
  readonly #written = new Map<string, HeraldStatus>();
  readonly #writes = new SerialWrites();
  readonly #retries: RetryTimers;
  readonly #unsubscribe: (() => void)[] = [];
  /** The generation last seen per object, to tell spec changes from status echoes. */
  readonly #generations = new Map<string, number | undefined>();
  #stopped = false;
  /** When the run about to start was first asked for (monotonic ms). */
  #queuedAtMs = 0;
  /** Objects whose last status write failed: their next reconcile is a retry. */
  readonly #failed = new Set<string>();

  constructor(deps: ReconcilerDeps) {
    this.#deps = deps;
    this.#retries = new RetryTimers(deps.clock, () => {
      this.schedule();
    });
  }

  start(): void {
    const { alerts, providers, secrets, leadership } = this.#deps;
    const schedule = () => {
      this.schedule();
    };
    // Our own status writes come back as updates; only a spec change (a new generation),
    // an addition or a deletion changes what dispatch routes with.
    const onSpecChange = (kind: Kind) => (change: CacheChange, object: Alert | Provider) => {
      const key = `${kind}/${namespacedName(object.metadata)}`;
      const generation = object.metadata.generation;
      const seen = this.#generations.get(key);
      if (change === 'deleted') this.#generations.delete(key);
      else this.#generations.set(key, generation);
      if (change !== 'updated' || generation === undefined || seen !== generation) this.schedule();
    };
    for (const alert of alerts.list())
      this.#generations.set(`Alert/${namespacedName(alert.metadata)}`, alert.metadata.generation);
    for (const provider of providers.list())
      this.#generations.set(
        `Provider/${namespacedName(provider.metadata)}`,
        provider.metadata.generation,
      );
    this.#unsubscribe.push(
      alerts.onChange(onSpecChange('Alert')),
      providers.onChange(onSpecChange('Provider')),
      // Clusters hold many Secrets (Helm keeps releases in them): only referenced ones matter.
      secrets.onChange((_change, secret) => {
        if (this.#isReferenced(secret)) this.schedule();
      }),
      leadership.onChange(schedule),
    );
    this.schedule();
  }

  stop(): void {
    this.#stopped = true;
    for (const unsubscribe of this.#unsubscribe) unsubscribe();
    this.#retries.stop();
  }

  /** The readiness of every Alert and Provider at the last reconcile. */
  readiness(): readonly Readiness[] {
    return this.#readiness;
  }

  /** Told by the dispatcher of every final outcome; shown in the Alert's status (throttled). */
  recordDispatch(alertKey: string, result: DispatchResult): void {
    const time = rfc3339Seconds(new Date(this.#deps.clock.now()));
    this.#pendingDispatch.set(
      alertKey,
      result.ok
        ? { time, result: 'Succeeded' }
        : { time, result: 'Failed', error: result.error.slice(0, MAX_DISPATCH_ERROR_LENGTH) },
    );
    const writtenAt = this.#dispatchWrittenAt.get(alertKey) ?? -Infinity;
    const dueInMs = writtenAt + DISPATCH_STATUS_INTERVAL_MS - this.#deps.clock.now();
    if (dueInMs > 0) this.#retries.later(dueInMs);
    else this.schedule();
  }

  /** Reconciles once soon; calls made meanwhile share that run. */
  schedule(): void {
    if (this.#scheduled || this.#stopped) return;
    this.#scheduled = true;
    this.#queuedAtMs = this.#deps.clock.monotonic();
    setImmediate(() => {
      this.#scheduled = false;
      if (!this.#stopped) this.#reconcile();
    });
  }

  /** Resolves once every status write started so far has settled (for tests and shutdown). */
  async idle(): Promise<void> {
    await this.#writes.idle();
  }

  #reconcile(): void {
    const { alerts, providers, secrets, pipeline, leadership } = this.#deps;
    if (!alerts.synced() || !providers.synced() || !secrets.synced()) return;
    this.#readiness = pipeline.update({
      alerts: alerts.list(),
      providers: providers.list(),
      secrets: secrets.list(),
    });
    if (!leadership.isLeader()) return;
    for (const readiness of this.#readiness) {
      const object =
        readiness.kind === 'Alert'
          ? alerts.get(readiness.namespace, readiness.name)
          : providers.get(readiness.namespace, readiness.name);
      if (object === undefined) continue;
      const objectKey = `${readiness.kind}/${namespacedName(object.metadata)}`;
      const work = this.#deps.metrics.begin(
        readiness.kind.toLowerCase(),
        this.#queuedAtMs,
        this.#failed.has(objectKey),
      );
      this.#reconcileStatus(readiness.kind, object, readiness, work);
    }
  }

  #reconcileStatus(
    kind: Kind,
    object: Alert | Provider,
    readiness: Readiness,
    work: ReconcileInProgress,
  ): void {
    const namespace = object.metadata.namespace ?? DEFAULT_NAMESPACE;
    const name = object.metadata.name;
    const key = `${namespace}/${name}`;
    const objectKey = `${kind}/${key}`;
    const now = new Date(this.#deps.clock.now());
    let dispatch: LastDispatch | undefined;
    if (kind === 'Alert') {
      const pending = this.#pendingDispatch.get(key);
      const writtenAt = this.#dispatchWrittenAt.get(key) ?? -Infinity;
      if (pending !== undefined && now.getTime() - writtenAt >= DISPATCH_STATUS_INTERVAL_MS)
        dispatch = pending;
    }
    const current: HeraldStatus | undefined = this.#written.get(objectKey) ?? object.status;
    const desired = desiredStatus(readiness, object.metadata.generation, current, dispatch, now);
    const unchanged =
      !statusDiffers(object.status, desired) ||
      (this.#written.has(objectKey) && !statusDiffers(this.#written.get(objectKey), desired));
    if (unchanged) {
      work.done('success');
      return;
    }
    this.#written.set(objectKey, desired);
    if (dispatch !== undefined) {
      this.#pendingDispatch.delete(key);
      this.#dispatchWrittenAt.set(key, now.getTime());
    }
    this.#writes.run(objectKey, () =>
      this.#deps.writeStatus(kind, namespace, name, desired).then(
        () => {
          this.#failed.delete(objectKey);
          work.done('success');
          this.#deps.logger.debug(
            { ...logFields(kind, namespace, name), ready: readiness.ready },
            'Wrote status',
          );
        },
        (error: unknown) => {
          this.#written.delete(objectKey);
          this.#failed.add(objectKey);
          work.done('error');
          this.#deps.logger.error(
            { ...logFields(kind, namespace, name), error: errorMessage(error) },
            'Failed to write status',
          );
          this.#retries.later(STATUS_RETRY_DELAY_MS);
        },
      ),
    );
  }

  #isReferenced(secret: Secret): boolean {
    const namespace = secret.metadata.namespace ?? DEFAULT_NAMESPACE;
    return this.#deps.providers.list().some((provider) => {
      if ((provider.metadata.namespace ?? DEFAULT_NAMESPACE) !== namespace) return false;
      const { secretRef, certSecretRef, proxySecretRef } = provider.spec;
      return [secretRef, certSecretRef, proxySecretRef].some(
        (ref) => ref?.name === secret.metadata.name,
      );
    });
  }
}

/** A line about one object, as controller-runtime's reconcilers write it. */
function logFields(kind: Kind, namespace: string, name: string): Record<string, unknown> {
  return { ...controllerFields(kind), ...objectFields(kind, namespace, name) };
}
