import type { Checkpoint } from './checkpoint.js';
import { toMicroTime } from './kube-event-time.js';

/**
 * The checkpoint of a watched namespace that has none stored (a first start, or one that could
 * not be read): every occurrence older than `now - since` counts as handled, so a first start
 * does not replay the hour of Events the cluster retains. `since` is `--kube-events-since`; at
 * its default `0s` none of the retained Events is delivered, only what happens from now on.
 *
 * It holds no resourceVersion, so the initial list is judged by time alone (rule 2 of
 * checkpoint.ts); after that list the ingest advances it to the list's resourceVersion and
 * everything the watch brings after it is new. An Event stamped ahead of this controller's clock is
 * delivered even when `since` is 0: the producer's clock is all there is to go by.
 */
export function firstStartCheckpoint(nowMs: number, sinceMs: number): Checkpoint {
  const newestTime = toMicroTime(new Date(nowMs - sinceMs));
  if (newestTime === undefined) {
    throw new RangeError(`no first-start time for now=${nowMs} ms and since=${sinceMs} ms`);
  }
  return { newestTime, idsAtNewestTime: [] };
}
