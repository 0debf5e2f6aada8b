import type { ListenAddress } from './listen-address.js';

export type LogLevel = 'debug' | 'info' | 'error';
export type LogEncoding = 'json' | 'console';

/** Everything Herald is told at start, parsed once and frozen. Nothing else reads `process.env`. */
export interface Config {
  readonly eventsAddr: ListenAddress;
  readonly metricsAddr: ListenAddress;
  readonly healthAddr: ListenAddress;
  readonly rateLimitIntervalMs: number;
  readonly rateLimitMaxKeys: number;
  readonly noCrossNamespaceRefs: boolean;
  readonly watchAllNamespaces: boolean;
  readonly enableLeaderElection: boolean;
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
