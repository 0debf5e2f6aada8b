import { randomUUID } from 'node:crypto';
import { involvedObjectKey, type FluxEvent, type InvolvedObject } from '../api/event.js';
import type { Clock } from '../clock/clock.js';
import { DeliveryError } from '../http/delivery-error.js';
import { whenAborted } from '../lifecycle/when-aborted.js';
import type { Logger } from '../logging/logger.js';
import { objectKeyFields } from '../logging/object-fields.js';
import type { DeliveryMetrics } from '../metrics/delivery-metrics.js';
import { isNotificationSkipped } from '../notifiers/notification-skipped.js';
import { isBatchingNotifier, type AlertOrigin, type Notifier } from '../notifiers/notifier.js';
import type { AlertIndex, IndexedAlert } from './alert-index.js';
import type { EventSink, EventSource } from './event-sink.js';
import { matchEvent, type MatchOutcome } from './matcher.js';
import { mergeNotificationMetadata } from './notification-metadata.js';
import { applyTemplate } from './apply-template.js';
import { ProviderParking } from './provider-parking.js';
import { ProviderQueue } from './provider-queue.js';
import { QueueFullLog } from './queue-full-log.js';
import type { DeliveryLedger, LedgerEntry, RecordedEntry } from './delivery-ledger.js';
import { errorMessage } from '../errors/error-message.js';
import { DestinationPacer } from '../storm/destination-pacer.js';
import { EventGrouper } from '../storm/event-grouper.js';
import { eventsIn, type PendingNotification } from './pending-notification.js';

/** What dispatch routes with; replaced as a whole when Alerts, Providers or Secrets change. */
export interface DispatchState {
  readonly index: AlertIndex;
  /** Provider key (`namespace/name`) → its notifier, for every ready Provider. */
  readonly notifiers: ReadonlyMap<string, Notifier>;
}

export type DispatchResult = { ok: true } | { ok: false; error: string };

/** What became of the notifications of one run, from start to stop. */
export interface DeliverySummary {
  readonly delivered: number;
  /** Finally failed (already logged one by one). */
  readonly failed: number;
  /** Refused by a full queue. */
  readonly dropped: number;
  /** Still queued or in flight when stopping ran out of time, and aborted. */
  readonly leftAtDeadline: number;
  /** Waiting for a receiver that was down (or a full queue): the ledger keeps them. */
  readonly kept: number;
}

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
  /** Told when two metadata layers set the same key (Flux's MetadataAppendFailed in a cluster). */
  onMetadataConflict?: (alert: IndexedAlert, keys: string[]) => void;
  /**
   * Records notifications before they are queued, for delivery after a restart, and lets
   * failing ones be retried by age; absent, notifications live in memory only.
   */
  ledger?: DeliveryLedger;
  /** Told when an Alert selects by labels and the involved object's could not be read. */
  onLabelsUnavailable?: (alertKey: string, object: InvolvedObject, error: string) => void;
}

/** The drops Flux logs at info, with its words. */
const METADATA_DROP_MESSAGES = [
  [
    'CommitMetadataMissing',
    'Event dropped for commit status providers due to missing commit metadata key',
  ],
  [
    'ChangeRequestMetadataMissing',
    'Event dropped for change request providers due to missing change request metadata key',
  ],
] as const;

/** Most often a full queue is logged, per Provider: each line counts the drops since the last. */
const QUEUE_FULL_LOG_INTERVAL_MS = 10_000;

/** A Provider's queue and the notifier its jobs deliver with. */
interface QueueEntry {
  readonly key: string;
  readonly queue: ProviderQueue;
  readonly notifier: Notifier;
}

/**
 * The sink that turns accepted events into notifications: match against the Alerts, merge
 * metadata, record each in the ledger (when there is one), pass it through the Alert's groups
 * and the destination's pace where they are asked for, and hand it to its Provider's queue
 * (parked instead, with a ledger, while the receiver is down). `accept` never waits for
 * delivery.
 */
export class Dispatcher implements EventSink {
  readonly #deps: DispatcherDeps;
  #state: DispatchState;
  /** The queue of each Provider, for its current notifier. */
  readonly #queues = new Map<string, QueueEntry>();
  /** Queues of replaced or removed notifiers, finishing what they took before closing them. */
  readonly #retiring = new Set<QueueEntry>();
  readonly #queueFull: QueueFullLog;
  readonly #counts = { delivered: 0, failed: 0, dropped: 0 };
  /** With a ledger: what waits while its Provider's receiver is down or its queue full. */
  readonly #parking: ProviderParking;
  readonly #grouper: EventGrouper;
  readonly #pacer: DestinationPacer;
  #stopped = false;

  constructor(deps: DispatcherDeps, state: DispatchState) {
    this.#deps = deps;
    this.#state = state;
    this.#queueFull = new QueueFullLog(deps.logger, deps.clock, QUEUE_FULL_LOG_INTERVAL_MS);
    this.#grouper = new EventGrouper(deps.clock, (pending) => {
      this.#route(pending);
    });
    this.#pacer = new DestinationPacer(deps.clock, (pending) => {
      this.#offer(pending);
    });
    this.#parking = new ProviderParking(deps.clock, (providerKey) => {
      this.#releaseParked(providerKey);
    });
  }

  /**
   * Routes with new Alerts and Providers from now on. A Provider whose notifier changed gets a
   * new queue, built for the new notifier, on its next event; the old queue finishes what it
   * took with the old notifier, which then closes. A removed Provider's queue goes the same way,
   * and with it its queue-depth series.
   */
  setState(state: DispatchState): void {
    const previous = this.#state;
    this.#state = state;
    for (const [key, notifier] of previous.notifiers) {
      if (state.notifiers.get(key) === notifier) continue;
      const entry = this.#queues.get(key);
      if (entry === undefined || entry.notifier !== notifier) {
        void notifier.close();
        continue;
      }
      this.#queues.delete(key);
      this.#retiring.add(entry);
      void entry.queue
        .idle()
        .then(() => notifier.close())
        .finally(() => this.#retiring.delete(entry));
    }
  }

  /** Records (with a ledger) at once, or once the labels an Alert selects by are read. */
  accept(event: FluxEvent, source: EventSource): Promise<void> | undefined {
    if (this.#stopped) return undefined;
    const acceptedAt = this.#deps.clock.monotonic();
    const options = { noCrossNamespaceRefs: this.#deps.options.noCrossNamespaceRefs };
    const outcome = matchEvent(event, this.#state.index, options);
    const lookupLabels = this.#deps.lookupLabels;
    if (outcome.needsLabels && lookupLabels !== undefined) {
      return lookupLabels(event.involvedObject).then(
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
    }
    this.#dispatch(event, source, outcome, acceptedAt);
    return undefined;
  }

  /**
   * A paced destination's receiver asked for time (a retry is waiting): nothing more is sent
   * there before `untilMs`, and the next turn comes a full interval after it.
   */
  holdDestination(destination: string, untilMs: number): void {
    this.#pacer.holdUntil(destination, untilMs);
  }

  /**
   * Notifications waiting or in delivery, per provider key (a retiring queue and those parked
   * for a receiver that is down included).
   */
  queueDepths(): Iterable<[string, number]> {
    const depths = new Map<string, number>();
    for (const { key, queue } of [...this.#queues.values(), ...this.#retiring])
      depths.set(key, (depths.get(key) ?? 0) + queue.depth);
    for (const [key, waiting] of this.#parking.waiting())
      depths.set(key, (depths.get(key) ?? 0) + waiting);
    return depths;
  }

  /**
   * Stops taking events and lets queued notifications finish until `deadline` aborts; then
   * aborts what is left, in flight included (batches and retries too), and closes every
   * notifier. Logs the drops not logged yet and resolves with what became of this run's
   * notifications.
   */
  async stop(deadline: AbortSignal): Promise<DeliverySummary> {
    this.#stopped = true;
    // What groups hold goes now, and with what waits for a paced destination as one summary
    // per destination, while time is left.
    this.#grouper.flushAll();
    this.#pacer.flushAll();
    const entries = [...this.#queues.values(), ...this.#retiring];
    const drained = Promise.all(entries.map(({ queue }) => queue.idle()));
    await Promise.race([drained, whenAborted(deadline)]);
    let leftAtDeadline = 0;
    for (const { queue } of entries) leftAtDeadline += queue.abort();
    // What waits for a receiver that is down: the ledger keeps it for the next start.
    const kept = this.#parking.stop();
    const notifiers = new Set([
      ...this.#state.notifiers.values(),
      ...entries.map(({ notifier }) => notifier),
    ]);
    await Promise.allSettled([...notifiers].map((notifier) => notifier.close(deadline)));
    this.#queueFull.flush();
    return { ...this.#counts, leftAtDeadline, kept };
  }

  #dispatch(
    event: FluxEvent,
    source: EventSource,
    outcome: MatchOutcome,
    acceptedAt: number,
  ): void {
    const { logger, metrics } = this.#deps;
    const object = involvedObjectKey(event.involvedObject);
    for (const drop of outcome.dropped) {
      if (drop.reason === 'CrossNamespaceBlocked') {
        logger.error(
          { ...objectKeyFields('Alert', drop.alert), object },
          'Discarded event: cross-namespace references are blocked',
        );
      }
    }
    // As Flux, at info: a git Provider's Alert took an event its type cannot use.
    for (const [reason, text] of METADATA_DROP_MESSAGES) {
      const alerts = outcome.dropped.filter((drop) => drop.reason === reason);
      if (alerts.length > 0) {
        logger.info({ object, alerts: alerts.map((drop) => drop.alert) }, text);
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
    const provider = alert.provider;
    if (provider === undefined || !this.#state.notifiers.has(provider.key)) return; // the matcher drops these
    const { metadata, conflicts } = mergeNotificationMetadata(event, alert);
    if (conflicts.length > 0) this.#deps.onMetadataConflict?.(alert, conflicts);
    const entry: LedgerEntry = {
      providerKey: provider.key,
      alertKey: alert.key,
      notification: { ...event, metadata },
      acceptedAtMs: this.#deps.clock.now(),
      deliveryId: randomUUID(),
    };
    const id = this.#deps.ledger?.record(entry);
    this.#admit(pendingOf(entry, id, alert, acceptedAt));
  }

  /**
   * Queues the notifications a ledger kept from an earlier run, oldest first, once routing is
   * ready; an Alert that groups groups them again. One whose Alert or Provider is gone (or no
   * longer ready) is settled and counted as dropped.
   */
  replay(entries: readonly RecordedEntry[]): void {
    const alerts = new Map(this.#state.index.alerts.map((alert) => [alert.key, alert]));
    let gone = 0;
    for (const entry of entries) {
      const alert = alerts.get(entry.alertKey);
      if (
        alert?.provider?.key !== entry.providerKey ||
        !this.#state.notifiers.has(entry.providerKey)
      ) {
        gone++;
        this.#counts.dropped++;
        this.#deps.ledger?.settle(entry.id);
        continue;
      }
      this.#admit(pendingOf(entry, entry.id, alert, this.#deps.clock.monotonic()));
    }
    if (entries.length > 0) {
      this.#deps.logger.info(
        { replayed: entries.length - gone, dropped: gone },
        'Replaying the notifications left undelivered by the last run',
      );
    }
  }

  /** Storm control, where the Alert and Provider ask for it: grouping, then pacing. */
  #admit(pending: PendingNotification): void {
    const grouping = pending.alert.grouping;
    if (grouping !== undefined && this.#grouper.add(pending, grouping)) return;
    this.#route(pending);
  }

  #route(pending: PendingNotification): void {
    const pacing = pending.alert.provider?.pacing;
    if (pacing !== undefined) this.#pacer.offer(pending, pacing);
    else this.#offer(pending);
  }

  /** Parks a notification; the oldest beyond the bound is dropped, settled and counted. */
  #park(pending: PendingNotification): void {
    const evicted = this.#parking.park(pending.providerKey, pending);
    if (evicted === undefined) return;
    if (this.#deps.ledger !== undefined)
      for (const id of evicted.ledgerIds) this.#deps.ledger.settle(id);
    this.#counts.dropped += eventsIn(evicted);
    const providerType = evicted.alert.provider?.type;
    if (providerType !== undefined)
      this.#deps.metrics.notifications.inc({ provider_type: providerType, result: 'dropped' });
    this.#queueFull.dropped(
      evicted.providerKey,
      evicted.alert.key,
      this.#parking.waitingFor(evicted.providerKey),
    );
  }

  /** Hands the Provider the parked notifications its queue has room for, oldest first. */
  #releaseParked(providerKey: string): void {
    const queued = this.#queues.get(providerKey)?.queue.depth ?? 0;
    const room = this.#deps.options.maxQueuedPerProvider - queued;
    for (const pending of this.#parking.take(providerKey, room)) this.#offer(pending, true);
  }

  /**
   * Queues a notification for delivery. With a ledger, one whose receiver is down, whose queue
   * is full, or which would pass ones parked before it, is parked instead (`unparked`: it is
   * one of those, handed back in order).
   */
  #offer(pending: PendingNotification, unparked = false): void {
    const { logger, metrics, options, ledger } = this.#deps;
    const { alert, acceptedAt } = pending;
    const provider = alert.provider;
    const notifier = this.#state.notifiers.get(pending.providerKey);
    const settle = () => {
      if (ledger !== undefined) for (const id of pending.ledgerIds) ledger.settle(id);
    };
    const events = eventsIn(pending);
    const tellAlerts = (result: DispatchResult) => {
      for (const each of pending.alerts) this.#deps.onDispatched?.(each, result);
    };
    if (provider === undefined || notifier === undefined) {
      // The Provider went while the notification waited to be delivered again.
      settle();
      this.#counts.dropped += events;
      return;
    }
    const parking = this.#parking;
    if (ledger !== undefined && !unparked) {
      if (parking.isDown(provider.key)) {
        this.#park(pending);
        return;
      }
      if (parking.waitingFor(provider.key) > 0) {
        this.#park(pending);
        this.#releaseParked(provider.key);
        return;
      }
    }
    const providerType = provider.type;
    const origin: AlertOrigin = {
      name: alert.key.slice(alert.namespace.length + 1),
      namespace: alert.namespace,
      uid: alert.uid,
    };

    const providerKey = provider.key;
    let queueEntry = this.#queues.get(provider.key);
    if (queueEntry === undefined) {
      const queue = new ProviderQueue({
        maxJobs: options.maxQueuedPerProvider,
        // A batching notifier groups what it is given at once: never hold its events back.
        concurrency: isBatchingNotifier(notifier)
          ? options.maxQueuedPerProvider
          : options.concurrencyPerProvider,
        onJobDone: () => {
          if (parking.waitingFor(providerKey) > 0) this.#releaseParked(providerKey);
        },
      });
      queueEntry = { key: provider.key, queue, notifier };
      this.#queues.set(provider.key, queueEntry);
    }
    const queue = queueEntry.queue;
    const taken = queue.offer({
      run: async (signal) => {
        // It went down while this waited: no slot spent on seconds of retries.
        if (ledger !== undefined && parking.isDown(providerKey)) {
          this.#park(pending);
          return;
        }
        try {
          const notification = applyTemplate(pending.notification, alert, logger);
          await notifier.post(notification, signal, {
            alert: origin,
            ...(alert.resource === undefined ? {} : { alertObject: alert.resource }),
            deliveryId: pending.deliveryId,
            ...(pending.threadKey === undefined ? {} : { threadKey: pending.threadKey }),
          });
          settle();
          parking.markUp(providerKey);
          this.#counts.delivered += events;
          metrics.notifications.inc({ provider_type: providerType, result: 'delivered' });
          if (pending.digest !== undefined) {
            metrics.summarisedEvents.inc({ provider_type: providerType }, events);
          }
          metrics.latency.observe(
            { provider_type: providerType },
            (this.#deps.clock.monotonic() - acceptedAt) / 1_000,
          );
          // Its fields are built for every delivery otherwise, debug or not.
          if (logger.isLevelEnabled('debug')) {
            logger.debug(
              { ...objectKeyFields('Alert', alert.key), provider: provider.key, events },
              'Dispatched notification',
            );
          }
          tellAlerts({ ok: true });
        } catch (error) {
          if (isNotificationSkipped(error)) {
            settle();
            metrics.notifications.inc({ provider_type: providerType, result: 'skipped' });
            logger.debug(
              {
                ...objectKeyFields('Alert', alert.key),
                provider: provider.key,
                reason: error.reason,
              },
              'Skipped notification',
            );
            return;
          }
          const message = errorMessage(error);
          // Aborted by a stop: a ledger delivers it on the next start.
          if (signal.aborted) {
            metrics.notifications.inc({ provider_type: providerType, result: 'dropped' });
            return;
          }
          const fields = {
            ...objectKeyFields('Alert', alert.key),
            provider: provider.key,
            code: (error as { code?: unknown }).code,
            error: message,
            ...(events > 1 ? { events } : {}),
          };
          const retryInMs = this.#redeliveryDelayMs(pending, error);
          if (retryInMs !== undefined) {
            metrics.retries.inc({ provider_type: providerType });
            logger.info({ ...fields, retryInMs }, 'Failed to deliver notification; will retry');
            tellAlerts({ ok: false, error: message });
            this.#park(pending);
            return;
          }
          settle();
          this.#counts.failed += events;
          metrics.notifications.inc({ provider_type: providerType, result: 'failed' });
          logger.error(fields, 'Failed to deliver notification');
          tellAlerts({ ok: false, error: message });
        }
      },
    });
    if (!taken && ledger !== undefined) {
      // A flood (or a stop): the ledger keeps it until the queue has room, or the next start.
      this.#park(pending);
      return;
    }
    if (!taken) {
      settle();
      this.#counts.dropped += events;
      metrics.notifications.inc({ provider_type: providerType, result: 'dropped' });
      this.#queueFull.dropped(provider.key, alert.key, queue.depth);
    }
  }

  /**
   * With a ledger, a delivery that failed for a reason time may fix (the receiver down, 5xx,
   * 429, a timeout) leaves the receiver alone for a while (30 s, doubling to 5 minutes), its
   * notifications parked, until a notification is older than the ledger's retry age; a refusal
   * (4xx) is final. Without one, as Flux: final.
   */
  #redeliveryDelayMs(pending: PendingNotification, error: unknown): number | undefined {
    const ledger = this.#deps.ledger;
    if (ledger === undefined || !(error instanceof DeliveryError)) return undefined;
    if (error.code !== 'HERALD_DELIVERY_FAILED') return undefined;
    const delayMs = this.#parking.markDown(pending.providerKey);
    const ageThenMs = this.#deps.clock.now() + delayMs - pending.acceptedAtMs;
    return ageThenMs <= ledger.retryAgeMs ? delayMs : undefined;
  }
}

/** A recorded (or unrecorded: `id` undefined) notification of one event, for its Alert. */
function pendingOf(
  entry: LedgerEntry,
  id: number | undefined,
  alert: IndexedAlert,
  acceptedAt: number,
): PendingNotification {
  return {
    notification: entry.notification,
    providerKey: entry.providerKey,
    alert,
    alerts: [alert],
    acceptedAtMs: entry.acceptedAtMs,
    acceptedAt,
    deliveryId: entry.deliveryId,
    ledgerIds: id === undefined ? [] : [id],
  };
}
