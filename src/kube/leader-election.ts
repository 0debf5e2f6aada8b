// client-node's generated models are plain data classes, serialized by field: literals do.
import type { CoordinationV1Api, V1Lease } from '@kubernetes/client-node';
import type { Config } from '../config/config.js';
import type { Clock } from '../clock/clock.js';
import { shardedName } from './shard-name.js';
import type { Logger } from '../logging/logger.js';
import { kubeRequestErrorOf } from './kube-request-error.js';
import {
  decide,
  heldSpec,
  leaseDurationSecondsOf,
  leaseRecordOf,
  releasedSpec,
  sameRecord,
  type LeaseRecord,
} from './lease-record.js';
import type { Leadership } from './leadership.js';
import { withRequestTimeout } from './request-timeout.js';
import { HeraldError } from '../errors/herald-error.js';
import { errorMessage } from '../errors/error-message.js';

/**
 * The Lease Flux's notification-controller elects its leader with (its LeaderElectionID,
 * `<controllerName>-leader-election`). Sharing it means that while Herald replaces Flux's
 * controller in a running cluster, the two never lead at once: whichever holds it, the other waits.
 */
export const LEASE_NAME = 'notification-controller-leader-election';

/**
 * The Lease of the replicas watching only the objects `watchLabelSelector` selects: each shard
 * elects its own leader (as Flux's sharded controllers do), and one with no selector keeps
 * Flux's Lease. The suffix is the selector's hash, so the name is a valid one whatever it holds.
 */
export function leaseNameFor(watchLabelSelector: string | undefined): string {
  return shardedName(LEASE_NAME, watchLabelSelector);
}

export interface LeaderElectionOptions {
  coordination: CoordinationV1Api;
  /** Where the Lease lives: `RUNTIME_NAMESPACE`. */
  namespace: string;
  /** This replica's name in the Lease: `POD_NAME`, else the hostname. */
  identity: string;
  leaseName?: string;
  /** How long a Lease not renewed stays held, for the others. */
  leaseDurationMs: number;
  /** How long the leader keeps failing to renew before it steps down (< leaseDurationMs). */
  renewDeadlineMs: number;
  /** How often candidates try to acquire and the leader renews. */
  retryPeriodMs: number;
  /**
   * Whether stop() releases a Lease it holds (`--leader-election-release-on-cancel`, default
   * true); when false the successor waits for it to expire.
   */
  releaseOnCancel?: boolean;
  logger: Logger;
  /**
   * Every duration is on its monotonic time (a wall-clock jump must not extend a lease); its wall
   * time is only for the acquire and renew times written in the Lease.
   */
  clock: Clock;
}

export interface LeaderElector extends Leadership {
  /** Starts campaigning (then renewing); again after stop() does nothing. */
  start(): void;
  /**
   * Stops campaigning and, when leading, steps down and then (with `releaseOnCancel`) releases
   * the Lease so a successor takes over at once. Call it after this replica's leader-only work
   * has stopped.
   */
  stop(): Promise<void>;
  /** Stops as if the process had died: no more renewals, and no release (tests use this). */
  abandon(): Promise<void>;
}

export class LeaderElectionConfigError extends HeraldError {
  constructor(message: string, options?: ErrorOptions) {
    super('HERALD_LEADER_ELECTION_INVALID', message, options);
  }
}

/** The election settings from the flags and the downward API. */
export function leaderElectionSettings(
  config: Config,
): Pick<
  LeaderElectionOptions,
  | 'namespace'
  | 'identity'
  | 'leaseName'
  | 'leaseDurationMs'
  | 'renewDeadlineMs'
  | 'retryPeriodMs'
  | 'releaseOnCancel'
> {
  return {
    namespace: config.runtimeNamespace,
    identity: config.podName,
    leaseName: leaseNameFor(config.watchLabelSelector),
    leaseDurationMs: config.leaderElectionLeaseDurationMs,
    renewDeadlineMs: config.leaderElectionRenewDeadlineMs,
    retryPeriodMs: config.leaderElectionRetryPeriodMs,
    releaseOnCancel: config.leaderElectionReleaseOnCancel,
  };
}

/**
 * Leader election on a `coordination.k8s.io/v1` Lease, as client-go's leaderelection does it:
 * acquire the Lease when it is free or its record has not changed for its duration, renew it every
 * retry period, step down when renewals keep failing past the renew deadline (or another holder
 * shows up), release it on a graceful stop (unless `releaseOnCancel` is false). Writes carry the
 * resourceVersion read, so of two candidates racing only one wins (409 for the other, which
 * reads again).
 */
export function createLeaderElector(options: LeaderElectionOptions): LeaderElector {
  const { leaseDurationMs, renewDeadlineMs, retryPeriodMs } = options;
  if (!(retryPeriodMs > 0 && renewDeadlineMs > retryPeriodMs && leaseDurationMs > renewDeadlineMs))
    throw new LeaderElectionConfigError(
      `leader election needs lease duration (${leaseDurationMs} ms) > renew deadline ` +
        `(${renewDeadlineMs} ms) > retry period (${retryPeriodMs} ms) > 0`,
    );
  if (options.identity === '')
    throw new LeaderElectionConfigError('leader election needs an identity (POD_NAME)');
  return new LeaseElector(options);
}

type Attempt = 'leading' | 'following' | 'conflict';

class LeaseElector implements LeaderElector {
  private readonly listeners = new Set<(leading: boolean) => void>();
  private readonly stopping = new AbortController();
  private readonly now: () => number;
  private readonly wallClock: () => number;
  private readonly sleep: Clock['sleep'];
  private readonly leaseName: string;
  private readonly leaseDurationSeconds: number;
  private loop: Promise<void> | undefined;
  private leading = false;
  private lastRenewAtMs = 0;
  /** The Lease as last read or written: its resourceVersion guards the next write. */
  private lease: V1Lease | undefined;
  private observed: LeaseRecord | undefined;
  private observedAtMs = 0;
  private lastLoggedError: string | undefined;

  constructor(private readonly options: LeaderElectionOptions) {
    this.now = options.clock.monotonic;
    this.wallClock = options.clock.now;
    this.sleep = options.clock.sleep;
    this.leaseName = options.leaseName ?? LEASE_NAME;
    this.leaseDurationSeconds = leaseDurationSecondsOf(options.leaseDurationMs);
  }

  /** Leading, and renewed within the renew deadline: never true past the point of stepping down. */
  isLeader(): boolean {
    return this.leading && this.now() - this.lastRenewAtMs < this.options.renewDeadlineMs;
  }

  onChange(listener: (leading: boolean) => void): () => void {
    const entry = (leading: boolean): void => {
      listener(leading);
    };
    this.listeners.add(entry);
    return () => {
      this.listeners.delete(entry);
    };
  }

  start(): void {
    if (!this.stopping.signal.aborted) this.loop ??= this.run();
  }

  async stop(): Promise<void> {
    const wasRunning = !this.stopping.signal.aborted;
    await this.halt('stopped');
    if (
      wasRunning &&
      this.options.releaseOnCancel !== false &&
      this.observed?.holderIdentity === this.options.identity
    )
      await this.release();
  }

  async abandon(): Promise<void> {
    await this.halt('abandoned');
  }

  private async halt(reason: string): Promise<void> {
    this.stopping.abort();
    await this.loop;
    this.setLeading(false, reason);
  }

  private stopped(): boolean {
    return this.stopping.signal.aborted;
  }

  private async run(): Promise<void> {
    while (!this.stopped()) {
      await this.tryAcquireOrRenew();
      if (this.stopped()) return;
      try {
        await this.sleep(this.options.retryPeriodMs, this.stopping.signal);
      } catch {
        // Aborted by stop() or abandon().
      }
    }
  }

  private async tryAcquireOrRenew(): Promise<void> {
    // Before the write is sent: the others count the Lease from when they see it change, later.
    const startedAtMs = this.now();
    // A leader's request may only use what is left of its renew deadline.
    const leftMs = this.leading
      ? this.lastRenewAtMs + this.options.renewDeadlineMs - startedAtMs
      : this.options.renewDeadlineMs;
    if (leftMs <= 0) this.setLeading(false, 'renew deadline passed');
    const timeoutMs = leftMs > 0 ? leftMs : this.options.renewDeadlineMs;
    let attempt: Attempt | 'failed';
    try {
      attempt = await this.attempt(timeoutMs);
      // Someone wrote the Lease between our read and our write: read it again at once.
      if (attempt === 'conflict') attempt = await this.attempt(timeoutMs);
      this.lastLoggedError = undefined;
    } catch (error) {
      attempt = 'failed';
      this.logFailure(error);
    }
    // Stopped meanwhile: a Lease just taken is released by stop(), never led.
    if (this.stopped()) return;
    if (attempt === 'leading') {
      this.lastRenewAtMs = startedAtMs;
      this.setLeading(true, 'acquired');
    } else if (attempt === 'following') {
      this.setLeading(false, `held by ${this.observed?.holderIdentity ?? 'another'}`);
    } else if (this.leading && this.now() - this.lastRenewAtMs >= this.options.renewDeadlineMs) {
      this.setLeading(false, 'renew deadline passed');
    }
  }

  /** One read and, when the Lease is ours to take or renew, one write. */
  private async attempt(timeoutMs: number): Promise<Attempt> {
    const { coordination, namespace, identity } = this.options;
    const options = withRequestTimeout(timeoutMs);
    const name = this.leaseName;
    let lease: V1Lease | undefined;
    try {
      lease = await coordination.readNamespacedLease({ name, namespace }, options);
    } catch (error) {
      if (kubeRequestErrorOf(error).status !== 404) throw error;
    }
    const nowMs = this.now();
    if (lease === undefined) {
      const body: V1Lease = {
        metadata: { name, namespace },
        spec: heldSpec(undefined, identity, this.wallClock(), this.leaseDurationSeconds),
      };
      return this.write(() => coordination.createNamespacedLease({ namespace, body }, options));
    }
    this.lease = lease;
    const record = leaseRecordOf(lease);
    this.observe(record, nowMs);
    const decision = decide(record, identity, this.observedAtMs, nowMs, this.leaseDurationSeconds);
    if (decision === 'wait') return 'following';
    const body: V1Lease = {
      metadata: lease.metadata,
      spec: heldSpec(record, identity, this.wallClock(), this.leaseDurationSeconds),
    };
    return this.write(() =>
      coordination.replaceNamespacedLease({ name, namespace, body }, options),
    );
  }

  private async write(send: () => Promise<V1Lease>): Promise<Attempt> {
    try {
      this.lease = await send();
    } catch (error) {
      if (kubeRequestErrorOf(error).status === 409) return 'conflict';
      throw error;
    }
    this.observe(leaseRecordOf(this.lease), this.now());
    return 'leading';
  }

  private observe(record: LeaseRecord, nowMs: number): void {
    if (this.observed !== undefined && sameRecord(this.observed, record)) return;
    this.observed = record;
    this.observedAtMs = nowMs;
  }

  private async release(): Promise<void> {
    const { lease, observed } = this;
    if (lease === undefined || observed === undefined) return;
    const { coordination, namespace, renewDeadlineMs } = this.options;
    try {
      this.lease = await coordination.replaceNamespacedLease(
        {
          name: this.leaseName,
          namespace,
          body: { metadata: lease.metadata, spec: releasedSpec(observed, this.wallClock()) },
        },
        withRequestTimeout(renewDeadlineMs),
      );
      this.observed = leaseRecordOf(this.lease);
      this.options.logger.info(this.logFields(), 'Released leadership');
    } catch (error) {
      // The successor will take the Lease when it expires instead.
      this.options.logger.error(
        { ...this.logFields(), error: kubeRequestErrorOf(error).message },
        'Failed to release leadership',
      );
    }
  }

  private setLeading(leading: boolean, reason: string): void {
    if (leading === this.leading) return;
    this.leading = leading;
    this.options.logger.info(
      { ...this.logFields(), reason, transitions: this.observed?.leaseTransitions },
      leading ? 'Became leader' : 'Stopped leading',
    );
    for (const listener of [...this.listeners]) {
      try {
        listener(leading);
      } catch (error) {
        this.options.logger.error(
          { ...this.logFields(), error: errorMessage(error) },
          'Leadership listener threw',
        );
      }
    }
  }

  /** Failures are logged when they begin or change, not on every retry of the same one. */
  private logFailure(error: unknown): void {
    const failure = kubeRequestErrorOf(error);
    if (!this.leading && failure.message === this.lastLoggedError) return;
    this.lastLoggedError = failure.message;
    this.options.logger.error(
      {
        ...this.logFields(),
        status: failure.status,
        error: failure.message,
        leading: this.leading,
      },
      this.leading ? 'Failed to renew the leader Lease' : 'Failed to acquire the leader Lease',
    );
  }

  private logFields(): Record<string, string> {
    return {
      lease: `${this.options.namespace}/${this.leaseName}`,
      identity: this.options.identity,
    };
  }
}
