import type { CoreV1Event } from '@kubernetes/client-node';
import type { Clock } from '../clock/clock.js';
import type { ListWatchTransport } from '../kube/list-watch-transport.js';
import {
  superviseListWatch,
  type ListWatchConsumer,
  type ListWatchSupervisor,
  type ListWatchTuning,
} from '../kube/list-watch-supervisor.js';
import { collectionPath, EVENTS } from '../kube/resource-paths.js';
import type { Logger } from '../logging/logger.js';
import type { KubeEventMetrics } from './kube-event-metrics.js';

/** Asks the server to end each Event watch after this long, as client-go's reflector does (5 to 10 minutes). */
export const EVENT_WATCH_TIMEOUT_SECONDS = 300;

/**
 * Failures in a row after which the stream lists again instead of resuming. A resourceVersion
 * newer than the server's (etcd restored from a backup) fails every watch with 504 "Too large
 * resource version": client-go's reflector relists then too. A relist is always safe for
 * Events: the ingest judges it against its checkpoint.
 */
export const RELIST_AFTER_FAILURES = 3;

export interface KubeEventWatcherOptions {
  transport: ListWatchTransport;
  /** The namespace watched; undefined watches every namespace as one stream. */
  namespace: string | undefined;
  /** Watch from this resourceVersion (a checkpoint's); undefined lists first. */
  resourceVersion: string | undefined;
  ingest: ListWatchConsumer<CoreV1Event>;
  logger: Logger;
  metrics: Pick<KubeEventMetrics, 'watchRestarts'>;
  clock: Clock;
  tuning?: Partial<ListWatchTuning>;
}

/**
 * One supervised stream of core/v1 Events on the informers' list+watch machinery: resumes from
 * the checkpoint's resourceVersion when there is one, else lists first; each restart is counted
 * in `herald_kube_events_watch_restarts_total{reason}`.
 */
export function superviseKubeEvents(options: KubeEventWatcherOptions): ListWatchSupervisor {
  const { transport, namespace, resourceVersion, ingest, logger, metrics, clock, tuning } = options;
  return superviseListWatch<CoreV1Event>({
    transport,
    path: collectionPath(EVENTS, namespace),
    consumer: ingest,
    logger,
    clock,
    resourceVersion,
    tuning,
    watchTimeoutSeconds: EVENT_WATCH_TIMEOUT_SECONDS,
    relistAfterFailures: RELIST_AFTER_FAILURES,
    onRestart: (reason) => {
      metrics.watchRestarts.inc({ reason });
    },
  });
}
