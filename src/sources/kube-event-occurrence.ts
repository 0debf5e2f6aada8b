import type { CoreV1Event } from '@kubernetes/client-node';
import type { Occurrence } from './checkpoint.js';
import { effectiveTime, type MicroTime } from './kube-event-time.js';

/** The watch notifications that carry an Event (bookmarks carry none). */
export type WatchPhase = 'ADDED' | 'MODIFIED' | 'DELETED';

/**
 * What is remembered of an Event (by uid) between notifications: the fields whose change makes
 * a MODIFIED notification a new occurrence.
 */
export interface OccurrenceMark {
  readonly count: number | undefined;
  readonly seriesCount: number | undefined;
  readonly time: MicroTime | undefined;
}

export interface OccurrenceDecision {
  /** The notification reports an occurrence that has not been seen yet. */
  readonly isNew: boolean;
  /** What to remember for the Event's uid from now on; `undefined`: forget the uid. */
  readonly mark: OccurrenceMark | undefined;
}

/**
 * Whether a watch notification is a new occurrence of its Event.
 * - ADDED is one, unless exactly this state was already seen: the same uid cannot be created
 *   twice, so that is a replay (a watch restarted from an older resourceVersion).
 * - MODIFIED is one when `count`, `series.count` or the effective time changed; an unchanged
 *   resync or an update of other fields is not. With nothing remembered for the uid (the Event
 *   predates a restart) the change is taken as an occurrence; the checkpoint then decides
 *   whether it was delivered before.
 * - DELETED never is (TTL expiry): the uid is forgotten.
 */
export function detectOccurrence(
  phase: WatchPhase,
  previous: OccurrenceMark | undefined,
  current: CoreV1Event,
): OccurrenceDecision {
  switch (phase) {
    case 'DELETED':
      return { isNew: false, mark: undefined };
    case 'ADDED':
    case 'MODIFIED': {
      const mark = occurrenceMark(current);
      return { isNew: previous === undefined || !sameMark(previous, mark), mark };
    }
  }
}

export function occurrenceMark(event: CoreV1Event): OccurrenceMark {
  return { count: event.count, seriesCount: event.series?.count, time: effectiveTime(event) };
}

/**
 * How many times the Event has happened: `series.count` (events.k8s.io style), else `count`
 * (core/v1 style), else 1 — an events.k8s.io singleton shows `count: 0` through core/v1.
 */
export function occurrenceCount(event: CoreV1Event): number {
  return positive(event.series?.count) ?? positive(event.count) ?? 1;
}

/**
 * `<uid>/<count>`: one occurrence of one Event. Two states of an Event that differ only in their
 * time share an id (client-go's recorders always bump the count, so only a hand-written update
 * does that); where that matters the id goes with the time, as in the checkpoint.
 */
export function occurrenceId(event: CoreV1Event): string {
  const { uid, namespace = '', name = '' } = event.metadata;
  return `${uid ?? `${namespace}/${name}`}/${occurrenceCount(event)}`;
}

/** The Event's latest occurrence as the checkpoint orders it; `undefined` when it has no time. */
export function occurrenceOf(event: CoreV1Event): Occurrence | undefined {
  const time = effectiveTime(event);
  if (time === undefined) return undefined;
  return { id: occurrenceId(event), time, resourceVersion: event.metadata.resourceVersion ?? '' };
}

function sameMark(a: OccurrenceMark, b: OccurrenceMark): boolean {
  return a.count === b.count && a.seriesCount === b.seriesCount && a.time === b.time;
}

function positive(value: number | undefined): number | undefined {
  return value !== undefined && value > 0 ? value : undefined;
}
