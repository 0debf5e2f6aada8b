import type { Registry } from 'prom-client';
import { createFilterCompiler } from '../api/alert-filters.js';
import type { ObjectSet, Readiness } from '../api/readiness/readiness.js';
import type { Config } from '../config/config.js';
import type { Clock } from '../clock/clock.js';
import type { Logger } from '../logging/logger.js';
import { DeliveryMetrics } from '../metrics/delivery-metrics.js';
import { openSpoolLedger } from '../spool/spool-ledger.js';
import { destinationOf } from '../storm/storm-settings.js';
import { openLocalThreadStore } from '../threads/local-thread-store.js';
import type { ThreadStore } from '../threads/thread-store.js';
import { createNotifier } from '../notifiers/create-notifier.js';
import type { Notifier } from '../notifiers/notifier.js';
import { AlertIndex } from './alert-index.js';
import { buildDispatchState } from './dispatch-state-builder.js';
import { notifierIdentity } from './notifier-identity.js';
import { Dispatcher, type DeliverySummary, type DispatcherDeps } from './dispatcher.js';
import { DELIVERY_CONCURRENCY_PER_PROVIDER, MAX_QUEUED_PER_PROVIDER } from './limits.js';

export interface DeliveryPipeline {
  readonly dispatcher: Dispatcher;
  /** Routes with this object set from now on; returns the readiness of each Alert and Provider. */
  update(objects: ObjectSet): Readiness[];
  /**
   * Delivers what the spool kept from the last run; called once routing is built from the
   * first complete object set (nothing to do without a spool).
   */
  replayPending(): void;
  /**
   * Drains queued notifications until `deadline` aborts, then aborts the rest; resolves with
   * what became of the run's notifications.
   */
  stop(deadline: AbortSignal): Promise<DeliverySummary>;
}

/**
 * Matching and delivery, wired: the dispatcher, its metrics, and notifiers built from each new
 * object set. Shared by local mode and the cluster.
 */
export function createDeliveryPipeline(options: {
  config: Config;
  logger: Logger;
  registry: Registry;
  clock: Clock;
  hooks?: Pick<
    DispatcherDeps,
    'onDispatched' | 'onMetadataConflict' | 'lookupLabels' | 'onLabelsUnavailable'
  >;
  /** Where Slack threads are kept; default: a file in `--storage-path`, else memory. */
  threads?: ThreadStore;
}): DeliveryPipeline {
  const { config, logger, registry } = options;
  const { clock } = options;
  const metrics = new DeliveryMetrics(registry, () => dispatcher.queueDepths());
  const spool =
    config.storagePath === undefined
      ? undefined
      : openSpoolLedger({
          dir: config.storagePath,
          maxBytes: config.spoolMaxBytes,
          fsync: config.spoolFsync,
          retryAgeMs: config.deliveryRetryAgeMs,
          clock,
          logger,
        });
  let pending = spool?.pending ?? [];
  const threads =
    options.threads ?? openLocalThreadStore({ storagePath: config.storagePath, clock, logger });
  const dispatcher: Dispatcher = new Dispatcher(
    {
      logger,
      metrics,
      clock,
      options: {
        noCrossNamespaceRefs: config.noCrossNamespaceRefs,
        maxQueuedPerProvider: MAX_QUEUED_PER_PROVIDER,
        concurrencyPerProvider: DELIVERY_CONCURRENCY_PER_PROVIDER,
      },
      ...options.hooks,
      ...(spool === undefined ? {} : { ledger: spool.ledger }),
    },
    { index: new AlertIndex([]), notifiers: new Map() },
  );
  /** Notifiers by their whole target: an unchanged Provider keeps its notifier (and batches). */
  let notifiersByTarget = new Map<string, Notifier>();
  const compileFilters = createFilterCompiler();
  return {
    dispatcher,
    update(objects) {
      const built = new Map<string, Notifier>();
      const { state, readiness } = buildDispatchState(
        objects,
        (target) => {
          const identity = notifierIdentity(target);
          const notifier =
            notifiersByTarget.get(identity) ??
            createNotifier(target, {
              clock,
              allowLinkLocal: config.allowLinkLocalProviders,
              threads,
              onBudgetSpent: (waitMs) => {
                dispatcher.holdDestination(destinationOf(target), clock.now() + waitMs);
              },
              onRetry: (_provider, notice) => {
                metrics.retries.inc({ provider_type: target.type });
                // A paced destination sends nothing else before the retry, nor right after it.
                dispatcher.holdDestination(destinationOf(target), clock.now() + notice.delayMs);
              },
              onRefusedResponse: (provider, notice) => {
                if (!logger.isLevelEnabled('debug')) return;
                const { attempt, status } = notice;
                const body = notice.excerpt();
                logger.debug(
                  { provider, attempt, status, body },
                  'Receiver did not accept a delivery attempt',
                );
              },
            });
          built.set(identity, notifier);
          return notifier;
        },
        {
          policy: {
            noCrossNamespaceRefs: config.noCrossNamespaceRefs,
            allowLinkLocalProviders: config.allowLinkLocalProviders,
          },
          compileFilters,
        },
      );
      notifiersByTarget = built;
      dispatcher.setState(state);
      return readiness;
    },
    replayPending() {
      dispatcher.replay(pending);
      pending = [];
    },
    async stop(deadline) {
      const summary = await dispatcher.stop(deadline);
      spool?.close();
      await threads.close();
      return summary;
    },
  };
}
