/**
 * Where native Event delivery resumes after a restart or a failover.
 *
 * One checkpoint per watched namespace ({@link ALL_NAMESPACES} when one stream watches them
 * all): `{ resourceVersion, newestTime, idsAtNewestTime }`. It answers one question about an
 * occurrence met while (re)starting: was it handled before — delivered to the pipeline, or
 * judged not to be delivered (a Flux controller's Event, not a new occurrence)?
 *
 * 1. resourceVersion order decides when it can. Every write to an Event (its creation, each
 *    count bump) gives it a new resourceVersion, drawn by an etcd-backed API server from one
 *    increasing counter for all Events, and a watch delivers changes in that order. KEP-5504
 *    makes the order a guarantee from Kubernetes 1.35; etcd-backed servers always had it. So
 *    "every change up to R was handled" is exact: an occurrence is covered when its Event's
 *    resourceVersion is at most R, whatever its timestamp. Producers' clocks play no part, so
 *    an occurrence stamped earlier than one already delivered, but written after the
 *    checkpoint, is still delivered.
 * 2. The time watermark decides otherwise (either resourceVersion not comparable: an opaque
 *    value from a server that is not etcd-backed, a first-start checkpoint, a counter reset):
 *    covered when earlier than `newestTime`, or at `newestTime` with its id in
 *    `idsAtNewestTime`. The ids tell apart occurrences stamped in the same second (core/v1
 *    times have whole seconds). Limits: timestamps come from the producers' clocks, so an
 *    occurrence that reaches the watch after a newer-stamped one and was not delivered before
 *    the stop is taken as covered and lost, and a producer clock running ahead holds the
 *    watermark ahead; the ids are bounded ({@link MAX_IDS_AT_NEWEST_TIME}, oldest dropped),
 *    and a dropped id can only be delivered twice, never lost.
 * 3. In both orders an occurrence whose id is among `idsAtNewestTime` at exactly `newestTime`
 *    is covered: it is that very occurrence (same uid, count and time), met again through an
 *    update of other fields.
 *
 * Resuming (the watcher's part, on these functions):
 * - Watch from `resourceVersion`: the server replays each change after it, in order, and
 *   `isCovered` passes them all: nothing after the checkpoint is lost, nothing at or before
 *   it is delivered again.
 * - 410 Gone (that resourceVersion was compacted): list with a consistent read (no
 *   resourceVersion) at L, apply {@link afterRelist}, deliver the listed Events that are not
 *   covered in resourceVersion order, then {@link advanceResourceVersion} to L and watch from
 *   L. An Event whose latest occurrence is after the checkpoint is delivered once, as its
 *   latest state: occurrences that happened while nobody watched arrive as one, with their
 *   count. Limits: an Event created and deleted (1 h TTL) while nobody watched is not seen;
 *   an Event updated after the checkpoint in fields that are no occurrence is delivered again.
 * - A consistent list never returns a resourceVersion older than one already observed from
 *   the same storage. If it does, the counter was reset (etcd restored without
 *   `--bump-revision`): {@link afterRelist} drops the resourceVersion so that relist is judged
 *   by time, and says so for a warning.
 * - No checkpoint at all: `firstStartCheckpoint` (kube-event-first-start.ts).
 *
 * Writing: the ingest calls {@link advance} once it has handled each notification (delivered
 * or not), {@link advanceResourceVersion} on bookmarks, DELETED notifications and after a
 * list, and persists at a bounded rate (about once a second; checkpoint-data.ts). A leader
 * stopped between delivering and writing repeats at most what it delivered since its last
 * write. "Delivered" is handed to the pipeline and recorded there: a checkpoint is persisted
 * only once the pipeline has recorded every occurrence before it (checkpoint-gate.ts), so with
 * a spool (`--storage-path`) a notification still queued when the process dies is delivered
 * after the restart; without one it is the dispatcher's to lose, not the checkpoint's.
 */
import { compareResourceVersions } from './resource-version.js';
import type { MicroTime } from './kube-event-time.js';

/** The checkpoint key of a stream that watches every namespace. */
export const ALL_NAMESPACES = '*';

/**
 * Bound on `idsAtNewestTime`: distinct occurrences stamped with the same newest time. About
 * 50 bytes each, so a full list stays near 6 KiB of a ConfigMap's 1 MiB.
 */
export const MAX_IDS_AT_NEWEST_TIME = 128;

/** One occurrence of an Event, as far as ordering is concerned (`occurrenceOf` builds it). */
export interface Occurrence {
  /** `<uid>/<count>` (kube-event-occurrence.ts). */
  readonly id: string;
  readonly time: MicroTime;
  /** The Event's resourceVersion at this occurrence; `''` when unknown. */
  readonly resourceVersion: string;
}

export interface Checkpoint {
  /** Every change up to this resourceVersion was handled; absent until one was observed. */
  readonly resourceVersion?: string;
  /** The newest occurrence time handled. */
  readonly newestTime: MicroTime;
  /** Ids of the occurrences handled at exactly `newestTime`, oldest first. */
  readonly idsAtNewestTime: readonly string[];
}

/** True when the occurrence was handled before the checkpoint was taken (see the rules above). */
export function isCovered(checkpoint: Checkpoint, occurrence: Occurrence): boolean {
  if (
    occurrence.time === checkpoint.newestTime &&
    checkpoint.idsAtNewestTime.includes(occurrence.id)
  )
    return true;
  const order = compareResourceVersions(occurrence.resourceVersion, checkpoint.resourceVersion);
  if (order !== undefined) return order <= 0;
  return occurrence.time < checkpoint.newestTime;
}

/** The checkpoint once `occurrence` has been handled. */
export function advance(checkpoint: Checkpoint | undefined, occurrence: Occurrence): Checkpoint {
  if (checkpoint === undefined) {
    return withResourceVersion(
      { newestTime: occurrence.time, idsAtNewestTime: [occurrence.id] },
      occurrence.resourceVersion,
    );
  }
  const advanced = advanceResourceVersion(checkpoint, occurrence.resourceVersion);
  if (occurrence.time > checkpoint.newestTime)
    return { ...advanced, newestTime: occurrence.time, idsAtNewestTime: [occurrence.id] };
  if (occurrence.time < checkpoint.newestTime || checkpoint.idsAtNewestTime.includes(occurrence.id))
    return advanced;
  const ids = [...checkpoint.idsAtNewestTime, occurrence.id];
  return { ...advanced, idsAtNewestTime: ids.slice(-MAX_IDS_AT_NEWEST_TIME) };
}

/**
 * The checkpoint once every change up to `resourceVersion` has been handled: a bookmark, or a
 * list whose uncovered items were delivered. It never moves back; between values that do not
 * compare, the one observed last wins.
 */
export function advanceResourceVersion(
  checkpoint: Checkpoint,
  resourceVersion: string,
): Checkpoint {
  const order = compareResourceVersions(resourceVersion, checkpoint.resourceVersion);
  return order !== undefined && order <= 0
    ? checkpoint
    : withResourceVersion(checkpoint, resourceVersion);
}

export interface RelistBaseline {
  readonly checkpoint: Checkpoint;
  /** The list is older than the checkpoint: the API server's counter was reset. Warn. */
  readonly resourceVersionReset: boolean;
}

/**
 * The checkpoint to judge a relist (after 410 Gone) against, given the list's own
 * resourceVersion. A consistent list older than the checkpoint means the counter was reset, so
 * resourceVersions no longer say what was handled: the time watermark decides instead.
 */
export function afterRelist(checkpoint: Checkpoint, listResourceVersion: string): RelistBaseline {
  const order = compareResourceVersions(listResourceVersion, checkpoint.resourceVersion);
  if (order === undefined || order >= 0) return { checkpoint, resourceVersionReset: false };
  return {
    checkpoint: { newestTime: checkpoint.newestTime, idsAtNewestTime: checkpoint.idsAtNewestTime },
    resourceVersionReset: true,
  };
}

function withResourceVersion(checkpoint: Checkpoint, resourceVersion: string): Checkpoint {
  return resourceVersion === '' ? checkpoint : { ...checkpoint, resourceVersion };
}
