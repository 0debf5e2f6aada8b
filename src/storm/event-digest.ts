import { involvedObjectKey, type EventSeverity, type FluxEvent } from '../api/event.js';

/** Distinct messages a digest counts one by one; further ones are only counted together. */
const MAX_TRACKED_MESSAGES = 50;
/** Distinct objects a digest names; beyond, they are counted but no longer told apart. */
const MAX_TRACKED_OBJECTS = 1_000;

const SEVERITY_RANK: Readonly<Record<EventSeverity, number>> = { trace: 0, info: 1, error: 2 };

/**
 * What a run of events had in common and how they differed, in bounded memory: the count,
 * each distinct message with its occurrences, the first and the last event, the highest
 * severity. Two digests merge, so summaries of summaries add up.
 */
export interface EventDigest {
  readonly count: number;
  /** Message → occurrences, in first-seen order. */
  readonly messages: ReadonlyMap<string, number>;
  /** Occurrences of messages beyond the tracked ones. */
  readonly otherMessages: number;
  readonly objects: ReadonlySet<string>;
  /** Whether more distinct objects were seen than `objects` holds. */
  readonly objectsOverflowed: boolean;
  /** The event with the earliest timestamp, and the one with the latest. */
  readonly first: FluxEvent;
  readonly last: FluxEvent;
  readonly severity: EventSeverity;
}

export function digestOf(event: FluxEvent): EventDigest {
  return {
    count: 1,
    messages: new Map([[event.message, 1]]),
    otherMessages: 0,
    objects: new Set([involvedObjectKey(event.involvedObject)]),
    objectsOverflowed: false,
    first: event,
    last: event,
    severity: event.severity,
  };
}

export function mergeDigests(a: EventDigest, b: EventDigest): EventDigest {
  const messages = new Map(a.messages);
  let otherMessages = a.otherMessages + b.otherMessages;
  for (const [message, count] of b.messages) {
    const seen = messages.get(message);
    if (seen !== undefined) messages.set(message, seen + count);
    else if (messages.size < MAX_TRACKED_MESSAGES) messages.set(message, count);
    else otherMessages += count;
  }
  const objects = new Set(a.objects);
  let objectsOverflowed = a.objectsOverflowed || b.objectsOverflowed;
  for (const object of b.objects) {
    if (objects.size < MAX_TRACKED_OBJECTS) objects.add(object);
    else if (!objects.has(object)) objectsOverflowed = true;
  }
  return {
    count: a.count + b.count,
    messages,
    otherMessages,
    objects,
    objectsOverflowed,
    first: timeOf(b.first) < timeOf(a.first) ? b.first : a.first,
    // Ties go to the later arrival: the newest state of the object.
    last: timeOf(b.last) >= timeOf(a.last) ? b.last : a.last,
    severity: SEVERITY_RANK[b.severity] > SEVERITY_RANK[a.severity] ? b.severity : a.severity,
  };
}

/** Epoch ms of the event's timestamp; an unreadable one sorts first. */
function timeOf(event: FluxEvent): number {
  const ms = Date.parse(event.timestamp);
  return Number.isNaN(ms) ? Number.NEGATIVE_INFINITY : ms;
}
