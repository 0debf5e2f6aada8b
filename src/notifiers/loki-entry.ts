import type { FluxEvent } from '../api/event.js';
import { parseEventTime, unixNanosString } from './event-time.js';
import { formatLokiLine } from './loki-line.js';

/** The `job` label: says which collector wrote the stream. */
export const LOKI_JOB = 'herald';

/** One log line bound for Loki, with the labels of its stream. */
export interface LokiEntry {
  readonly labels: Readonly<Record<string, string>>;
  /** Unix nanoseconds as a decimal string (the event's own time, exact). */
  readonly timestampNs: string;
  readonly line: string;
}

/**
 * Labels are few and bounded, as Loki wants them: `namespace` (of the involved object),
 * `job`, `instance` (the reporting instance, else the controller) and `severity`. Everything
 * else (kind, name, reason…) is in the line. Empty values are dropped: Loki treats an empty
 * label as no label.
 */
export function toLokiEntry(event: FluxEvent): LokiEntry {
  const instance =
    event.reportingInstance === undefined || event.reportingInstance === ''
      ? event.reportingController
      : event.reportingInstance;
  const candidates: [string, string][] = [
    ['namespace', event.involvedObject.namespace],
    ['job', LOKI_JOB],
    ['instance', instance],
    ['severity', event.severity],
  ];
  return {
    labels: Object.fromEntries(candidates.filter(([, value]) => value !== '')),
    timestampNs: unixNanosString(parseEventTime(event.timestamp)),
    line: formatLokiLine(event),
  };
}
