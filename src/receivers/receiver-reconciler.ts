import { DEFAULT_NAMESPACE, namespacedName } from '../api/object-meta.js';
import type { Receiver } from '../api/receiver.js';
import type { Secret } from '../api/secret.js';
import type { Clock } from '../clock/clock.js';
import { RetryTimers } from '../kube/retry-timers.js';
import { SerialWrites } from '../kube/status/serial-writes.js';
import { errorMessage } from '../errors/error-message.js';
import type { Leadership } from '../kube/leadership.js';
import type { ObjectCache } from '../kube/object-cache.js';
import {
  desiredReceiverStatus,
  receiverStatusDiffers,
  type ReceiverStatusPatch,
} from '../kube/status/receiver-status.js';
import type { StatusWriter } from '../kube/status/status-writer.js';
import type { Logger } from '../logging/logger.js';
import { controllerFields, objectFields } from '../logging/object-fields.js';
import { buildReceiverIndex, EMPTY_RECEIVER_INDEX, type ReceiverIndex } from './receiver-index.js';

/** After a failed status write, reconcile again this much later. */
const STATUS_RETRY_DELAY_MS = 5_000;

export interface ReceiverReconcilerDeps {
  receivers: ObjectCache<Receiver>;
  secrets: ObjectCache<Secret>;
  writeStatus: StatusWriter;
  leadership: Leadership;
  logger: Logger;
  clock: Clock;
}

/**
 * Level-based, like the Alert and Provider reconciler: on any change of a Receiver or of a
 * Secret one references, it checks every Receiver again, rebuilds the webhook index every
 * replica serves from, and (leader only) writes each status that differs: Ready with Flux's
 * reason, observedGeneration and webhookPath. A suspended Receiver keeps its status, as in Flux.
 */
export class ReceiverReconciler {
  readonly #deps: ReceiverReconcilerDeps;
  #index: ReceiverIndex = EMPTY_RECEIVER_INDEX;
  #scheduled = false;
  #stopped = false;
  readonly #unsubscribe: (() => void)[] = [];
  readonly #written = new Map<string, ReceiverStatusPatch>();
  readonly #writes = new SerialWrites();
  readonly #retries: RetryTimers;

  constructor(deps: ReceiverReconcilerDeps) {
    this.#deps = deps;
    this.#retries = new RetryTimers(deps.clock, () => {
      this.schedule();
    });
  }

  /** The Receivers as last checked, for the webhook server. */
  index(): ReceiverIndex {
    return this.#index;
  }

  start(): void {
    const { receivers, secrets, leadership } = this.#deps;
    const schedule = () => {
      this.schedule();
    };
    this.#unsubscribe.push(
      receivers.onChange(schedule),
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

  /** Resolves once every status write started so far has settled. */
  async idle(): Promise<void> {
    await this.#writes.idle();
  }

  schedule(): void {
    if (this.#scheduled || this.#stopped) return;
    this.#scheduled = true;
    setImmediate(() => {
      this.#scheduled = false;
      if (!this.#stopped) this.#reconcile();
    });
  }

  #reconcile(): void {
    const { receivers, secrets, leadership } = this.#deps;
    if (!receivers.synced() || !secrets.synced()) return;
    this.#index = buildReceiverIndex(receivers.list(), (namespace, name) =>
      secrets.get(namespace, name),
    );
    if (!leadership.isLeader()) return;
    const now = new Date(this.#deps.clock.now());
    for (const { receiver, readiness } of this.#index.entries) {
      if (receiver.spec.suspend === true) continue;
      const key = namespacedName(receiver.metadata);
      const stored = receiver.status as ReceiverStatusPatch | undefined;
      const current = this.#written.get(key) ?? stored;
      const desired = desiredReceiverStatus(receiver, readiness, current, now);
      const unchanged =
        !receiverStatusDiffers(stored, desired) ||
        (this.#written.has(key) && !receiverStatusDiffers(this.#written.get(key), desired));
      if (!unchanged) this.#write(receiver, desired, readiness.ready);
    }
  }

  #write(receiver: Receiver, desired: ReceiverStatusPatch, ready: boolean): void {
    const namespace = receiver.metadata.namespace ?? DEFAULT_NAMESPACE;
    const { name } = receiver.metadata;
    const key = `${namespace}/${name}`;
    const fields = {
      ...controllerFields('Receiver'),
      ...objectFields('Receiver', namespace, name),
    };
    this.#written.set(key, desired);
    this.#writes.run(key, () =>
      this.#deps.writeStatus('Receiver', namespace, name, desired).then(
        () => {
          this.#deps.logger.debug({ ...fields, ready }, 'Wrote status');
        },
        (error: unknown) => {
          this.#written.delete(key);
          this.#deps.logger.error(
            { ...fields, error: errorMessage(error) },
            'Failed to write status',
          );
          this.#retries.later(STATUS_RETRY_DELAY_MS);
        },
      ),
    );
  }

  #isReferenced(secret: Secret): boolean {
    const namespace = secret.metadata.namespace ?? DEFAULT_NAMESPACE;
    return this.#deps.receivers
      .list()
      .some(
        (receiver) =>
          (receiver.metadata.namespace ?? DEFAULT_NAMESPACE) === namespace &&
          receiver.spec.secretRef?.name === secret.metadata.name,
      );
  }
}
