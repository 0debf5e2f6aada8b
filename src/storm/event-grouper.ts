import type { Clock, TimerHandle } from '../clock/clock.js';
import type { PendingNotification } from '../pipeline/pending-notification.js';
import { groupKeyOf, type GroupField } from './group-key.js';
import { mergePending } from './merge-pending.js';

/** An Alert's `spec.grouping`, read. */
export interface GroupingSpec {
  readonly by: readonly GroupField[];
  /** How long a new group collects events before its first notification. */
  readonly waitMs: number;
  /** The least time between two notifications of one group. */
  readonly intervalMs: number;
}

/** Members a group holds before folding them into one summary. */
const FOLD_AT = 1_000;

interface Group {
  /** Collected since the group's last notification. */
  members: PendingNotification[];
  timer: TimerHandle;
}

/**
 * Groups an Alert's notifications the way Alertmanager groups alerts: the first event of a
 * group waits `waitMs` for others, then one notification stands for all of them; later
 * events of the group are sent at most once per `intervalMs`, again as one. A group that stays
 * quiet for an interval closes, and its next event opens it anew. A group of one event sends
 * that event unchanged.
 */
export class EventGrouper {
  readonly #clock: Clock;
  readonly #release: (pending: PendingNotification) => void;
  readonly #maxGroups: number;
  readonly #groups = new Map<string, Group>();

  /**
   * `release` takes each notification a group sends; beyond `maxGroups` open groups, new
   * groups are not opened and their events are released at once.
   */
  constructor(clock: Clock, release: (pending: PendingNotification) => void, maxGroups = 10_000) {
    this.#clock = clock;
    this.#release = release;
    this.#maxGroups = maxGroups;
  }

  /** Open groups. */
  get size(): number {
    return this.#groups.size;
  }

  /** Takes a notification for its Alert's group; returns false when it was released at once. */
  add(pending: PendingNotification, spec: GroupingSpec): boolean {
    const threadKey = groupKeyOf(pending.notification, spec.by);
    const member = { ...pending, threadKey };
    const key = `${pending.alert.key}\u0000${threadKey}`;
    const group = this.#groups.get(key);
    if (group !== undefined) {
      group.members.push(member);
      // A storm within one wait: fold what the group holds, so memory stays bounded.
      if (group.members.length >= FOLD_AT) group.members = [mergePending(group.members)];
      return true;
    }
    if (this.#groups.size >= this.#maxGroups) {
      this.#release(member);
      return false;
    }
    const opened: Group = {
      members: [member],
      timer: this.#clock.setTimeout(() => {
        this.#fire(key, spec.intervalMs);
      }, spec.waitMs),
    };
    this.#groups.set(key, opened);
    return true;
  }

  /** Sends what every group holds now and closes them all (on stop). */
  flushAll(): void {
    for (const group of this.#groups.values()) {
      group.timer.cancel();
      if (group.members.length > 0) this.#release(mergePending(group.members));
    }
    this.#groups.clear();
  }

  #fire(key: string, intervalMs: number): void {
    const group = this.#groups.get(key);
    if (group === undefined) return;
    if (group.members.length === 0) {
      this.#groups.delete(key);
      return;
    }
    const members = group.members;
    group.members = [];
    group.timer = this.#clock.setTimeout(() => {
      this.#fire(key, intervalMs);
    }, intervalMs);
    this.#release(mergePending(members));
  }
}
