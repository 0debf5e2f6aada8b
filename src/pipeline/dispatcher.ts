import type { FluxEvent, InvolvedObject } from '../api/event.js';
import type { Clock, TimerHandle } from '../clock/clock.js';
import type { Logger } from '../logging/logger.js';
import type { DeliveryMetrics } from '../metrics/delivery-metrics.js';
import { isBatchingNotifier, type Notifier } from '../notifiers/notifier.js';
import type { AlertIndex, IndexedAlert } from './alert-index.js';
import type { EventSink, EventSource } from './event-sink.js';
import { matchEvent, type MatchOutcome } from './matcher.js';
import { mergeNotificationMetadata } from './notification-metadata.js';
import { ProviderQueue } from './provider-queue.js';
import { errorMessage } from '../errors/error-message.js';

/** What dispatch routes with; replaced as a whole when Alerts, Providers or Secrets change. */
export interface DispatchState {
  readonly index: AlertIndex;
  /** Provider key (`namespace/name`) → its notifier, for every ready Provider. */
  readonly notifiers: ReadonlyMap<string, Notifier>;
}

export type DispatchResult = { ok: true } | { ok: false; error: string };

export interface DispatcherOptions {
  noCrossNamespaceRefs: boolean;
  /** Most notifications waiting or in delivery per Provider. */
  maxQueuedPerProvider: number;
  /** Most deliveries at once per Provider (batching notifiers take all they are given). */
  concurrencyPerProvider: number;
}

export interface DispatcherDeps {
  logger: Logger;
  metrics: DeliveryMetrics;
  options: DispatcherOptions;
  /** Measures delivery latency and bounds the drain on stop. */
  clock: Clock;
  /** The involved object's labels, for `matchLabels`; absent in local mode (no cluster). */
  lookupLabels?: (object: InvolvedObject) => Promise<Record<string, string>>;
  /** Told of every final delivery outcome (for the Alert's status and Events). */
  onDispatched?: (alert: IndexedAlert, result: DispatchResult) => void;
  /** Told when metadata layers set the same key differently (a Warning Event in a cluster). */
  onMetadataConflict?: (alert: IndexedAlert, keys: string[]) => void;
  /** Told when an Alert selects by labels and the involved object's could not be read. */
  onLabelsUnavailable?: (alertKey: string, object: InvolvedObject, error: string) => void;
}

/** Most often a full queue is logged, per Provider. */
const QUEUE_FULL_LOG_INTERVAL_MS = 10_000;

/**
 * The sink that turns accepted events into notifications: match against the Alerts, merge
 * metadata, and hand each to its Provider's queue. `accept` never waits for delivery.
 */
export class Dispatcher implements EventSink {
  readonly #deps: DispatcherDeps;
  #state: DispatchState;
  readonly #queues = new Map<string, ProviderQueue>();
  readonly #queueFullLoggedAt = new Map<string, number>();
  #stopped = false;

  constructor(deps: DispatcherDeps, state: DispatchState) {
    this.#deps = deps;
    this.#state = state;
  }

  /** Routes with new Alerts and Providers from now on; the old notifiers close once drained. */
  setState(state: DispatchState): void {
    const previous = this.#state;
    this.#state = state;
    for (const [key, notifier] of previous.notifiers) {
      if (state.notifiers.get(key) === notifier) continue;
      const queue = this.#queues.get(key);
      void (queue === undefined ? Promise.resolve() : queue.idle()).then(() => notifier.close());
    }
  }

  accept(event: FluxEvent, source: EventSource): void {
    if (this.#stopped) return;
    const acceptedAt = this.#deps.clock.monotonic();
    const options = { noCrossNamespaceRefs: this.#deps.options.noCrossNamespaceRefs };
    const outcome = matchEvent(event, this.#state.index, options);
    const lookupLabels = this.#deps.lookupLabels;
    if (outcome.needsLabels && lookupLabels !== undefined) {
      void lookupLabels(event.involvedObject).then(
        (labels) => {
          const relabelled = matchEvent(event, this.#state.index, { ...options, labels });
          this.#dispatch(event, source, relabelled, acceptedAt);
        },
        (error: unknown) => {
          const why = errorMessage(error);
          for (const drop of outcome.dropped) {
            if (drop.reason !== 'LabelsUnavailable') continue;
            this.#deps.onLabelsUnavailable?.(drop.alert, event.involvedObject, why);
          }
          this.#dispatch(event, source, outcome, acceptedAt);
        },
      );
      return;
    }
    this.#dispatch(event, source, outcome, acceptedAt);
  }

  /** Notifications waiting or in delivery, per provider key. */
  *queueDepths(): Iterable<[string, number]> {
    for (const [key, queue] of this.#queues) yield [key, queue.depth];
  }

  /**
   * Stops taking events, lets queued notifications finish for up to `graceMs`, then gives up on
   * the rest and closes every notifier. Returns how many notifications were not delivered.
   */
  async stop(graceMs: number): Promise<number> {
    this.#stopped = true;
    const drained = Promise.all([...this.#queues.values()].map((queue) => queue.idle()));
    let timer: TimerHandle | undefined;
    const timedOut = new Promise<void>((resolve) => {
      timer = this.#deps.clock.setTimeout(resolve, graceMs);
    });
    await Promise.race([drained, timedOut]);
    timer?.cancel();
    let undelivered = 0;
    for (const queue of this.#queues.values()) undelivered += queue.abort();
    await Promise.allSettled(
      [...this.#state.notifiers.values()].map((notifier) => notifier.close()),
    );
    return undelivered;
  }

  #dispatch(
    event: FluxEvent,
    source: EventSource,
    outcome: MatchOutcome,
    acceptedAt: number,
  ): void {
    const { logger, metrics } = this.#deps;
    const object = `${event.involvedObject.kind}/${event.involvedObject.namespace}/${event.involvedObject.name}`;
    for (const drop of outcome.dropped) {
      if (drop.reason === 'CrossNamespaceBlocked') {
        logger.error(
          { alert: drop.alert, object },
          'Discarded event: cross-namespace references are blocked',
        );
      }
    }
    if (outcome.dropped.length > 0)
      logger.debug({ object, source, drops: outcome.dropped }, 'Alerts did not take event');
    if (outcome.matched.length === 0) {
      metrics.unmatched.inc();
      logger.debug({ object, source }, 'Discarded event: no Alert took it');
      return;
    }
    for (const alert of outcome.matched) this.#enqueue(event, alert, acceptedAt);
  }

  #enqueue(event: FluxEvent, alert: IndexedAlert, acceptedAt: number): void {
    const { logger, metrics, options } = this.#deps;
    const provider = alert.provider;
    const notifier = provider === undefined ? undefined : this.#state.notifiers.get(provider.key);
    if (provider === undefined || notifier === undefined) return; // the matcher drops these
    const { metadata, conflicts } = mergeNotificationMetadata(event, alert);
    if (conflicts.length > 0) this.#deps.onMetadataConflict?.(alert, conflicts);
    const notification: FluxEvent = { ...event, metadata };
    const providerType = provider.type;

    let queue = this.#queues.get(provider.key);
    if (queue === undefined) {
      queue = new ProviderQueue({
        maxJobs: options.maxQueuedPerProvider,
        concurrency: isBatchingNotifier(notifier)
          ? options.maxQueuedPerProvider
          : options.concurrencyPerProvider,
      });
      this.#queues.set(provider.key, queue);
    }
    const taken = queue.offer({
      run: async (signal) => {
        try {
          await notifier.post(notification, signal);
          metrics.notifications.inc({ provider_type: providerType, result: 'delivered' });
          metrics.latency.observe(
            { provider_type: providerType },
            (this.#deps.clock.monotonic() - acceptedAt) / 1_000,
          );
          logger.debug({ alert: alert.key, provider: provider.key }, 'Dispatched notification');
          this.#deps.onDispatched?.(alert, { ok: true });
        } catch (error) {
          const message = errorMessage(error);
          if (signal.aborted) {
            metrics.notifications.inc({ provider_type: providerType, result: 'dropped' });
            return;
          }
          metrics.notifications.inc({ provider_type: providerType, result: 'failed' });
          logger.error(
            {
              alert: alert.key,
              provider: provider.key,
              code: (error as { code?: unknown }).code,
              error: message,
            },
            'Failed to deliver notification',
          );
          this.#deps.onDispatched?.(alert, { ok: false, error: message });
        }
      },
    });
    if (!taken) {
      metrics.notifications.inc({ provider_type: providerType, result: 'dropped' });
      const now = this.#deps.clock.monotonic();
      const loggedAt = this.#queueFullLoggedAt.get(provider.key) ?? -Infinity;
      if (now - loggedAt >= QUEUE_FULL_LOG_INTERVAL_MS) {
        this.#queueFullLoggedAt.set(provider.key, now);
        logger.error(
          { alert: alert.key, provider: provider.key, queued: queue.depth },
          'Dropped notification: the provider queue is full',
        );
      }
    }
  }
}
