import type { FsyncPolicy } from '../spool/spool.js';
import type { ListenAddress } from './listen-address.js';

/** Flux's levels; `trace` is pino's own level below `debug`, as it is zap's level below debug in Flux. */
export type LogLevel = 'trace' | 'debug' | 'info' | 'error';
export type LogEncoding = 'json' | 'console';

/** Everything Herald is told at start, parsed once and frozen. Nothing else reads `process.env`. */
export interface Config {
  readonly eventsAddr: ListenAddress;
  readonly metricsAddr: ListenAddress;
  readonly healthAddr: ListenAddress;
  /** `--receiverAddr`: where the Receiver webhook server listens. */
  readonly receiverAddr: ListenAddress;
  readonly rateLimitIntervalMs: number;
  readonly rateLimitMaxKeys: number;
  readonly noCrossNamespaceRefs: boolean;
  readonly watchAllNamespaces: boolean;
  /** Label selector of the Alerts and Providers watched (sharding); undefined watches them all. */
  readonly watchLabelSelector: string | undefined;
  /**
   * `--watch-configs-label-selector`, validated and kept. In Flux it picks the Secrets whose
   * changes reconcile the Receivers that reference them; Herald's Secret cache holds every
   * Secret, so any change of a Receiver's Secret reconciles it and this selects nothing.
   */
  readonly watchConfigsLabelSelector: string;
  /** Label the Event API's HTTP metrics with the request path instead of `/` (not wired yet). */
  readonly exportHttpPathMetrics: boolean;
  /** Client-side limit of requests to the Kubernetes API per second; below 0, none. */
  readonly kubeApiQps: number;
  /** How many requests may go at once above `kubeApiQps` before it applies. */
  readonly kubeApiBurst: number;
  /** Flux's feature gates, each with its value (the default unless `--feature-gates` set it). */
  readonly featureGates: Readonly<Record<string, boolean>>;
  readonly enableLeaderElection: boolean;
  /** Whether a leader that stops gracefully releases the Lease at once (Flux's default). */
  readonly leaderElectionReleaseOnCancel: boolean;
  readonly leaderElectionLeaseDurationMs: number;
  readonly leaderElectionRenewDeadlineMs: number;
  readonly leaderElectionRetryPeriodMs: number;
  readonly kubeEvents: boolean;
  /** Empty means every namespace. */
  readonly kubeEventsNamespaces: readonly string[];
  readonly kubeEventsSinceMs: number;
  /** Reporting controllers whose native Events are skipped (they POST theirs); empty skips none. */
  readonly kubeEventsSkipControllers: readonly string[];
  /** On SIGTERM: how long stopping may take before in-flight work is aborted. */
  readonly gracefulShutdownTimeoutMs: number;
  /** Providers may deliver to link-local and cloud metadata addresses (refused by default). */
  readonly allowLinkLocalProviders: boolean;
  /** `--storage-path`: the delivery spool's folder; undefined keeps notifications in memory. */
  readonly storagePath: string | undefined;
  readonly spoolFsync: FsyncPolicy;
  /** `--spool-max-size`, in bytes. */
  readonly spoolMaxBytes: number;
  /** With a spool, how long failing notifications are retried. */
  readonly deliveryRetryAgeMs: number;
  /** Local mode: the folder of YAML manifests; undefined in cluster mode. */
  readonly manifests: string | undefined;
  /** `--kubeconfig`, else `$KUBECONFIG`; undefined leaves `~/.kube/config` and in-cluster to the loader. */
  readonly kubeconfig: string | undefined;
  readonly logLevel: LogLevel;
  readonly logEncoding: LogEncoding;
  /** `RUNTIME_NAMESPACE` (downward API): where the Lease and checkpoints live. */
  readonly runtimeNamespace: string;
  /** `POD_NAME` (downward API), else the hostname: the leader-election identity. */
  readonly podName: string;
}
