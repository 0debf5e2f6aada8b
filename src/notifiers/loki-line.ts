import type { FluxEvent } from '../api/event.js';
import { KUBE_EVENT_METADATA_KEYS } from '../api/kube-event-metadata.js';
import { goQuote } from './go-quote.js';

type LineValue = string | number;

/**
 * The fields of Grafana Alloy's `loki.source.kubernetes_events` line, in its order
 * (`event_controller.go`), filled with what a Herald event holds. Alloy leaves out empty
 * fields and a zero count; so do we. `sourcecomponent`/`sourcehost` are not kept by Herald's
 * conversion (they become `reportingcontroller`/`reportinginstance`), so they never appear.
 */
function lineFields(event: FluxEvent): [string, LineValue][] {
  const metadata = event.metadata ?? {};
  const object = event.involvedObject;
  const optional: [string, LineValue | undefined][] = [
    ['kind', object.kind],
    ['action', metadata[KUBE_EVENT_METADATA_KEYS.action]],
    ['objectAPIversion', object.apiVersion],
    ['objectRV', object.resourceVersion],
    ['eventRV', metadata[KUBE_EVENT_METADATA_KEYS.resourceVersion]],
    ['reportinginstance', event.reportingInstance],
    ['reportingcontroller', event.reportingController],
    ['reason', event.reason],
    ['type', metadata[KUBE_EVENT_METADATA_KEYS.type] ?? kubeTypeOf(event.severity)],
    ['count', countOf(metadata[KUBE_EVENT_METADATA_KEYS.count])],
  ];
  const present = optional.filter(
    (field): field is [string, LineValue] => field[1] !== undefined && field[1] !== '',
  );
  // Alloy writes name= and msg= always, the others only when set.
  return [['name', object.name], ...present, ['msg', event.message]];
}

/**
 * The log line of an event, in logfmt byte-compatible with Alloy's, so existing LogQL
 * (`| logfmt | reason="…"`) keeps working: `key=value ` per field, values as they are (Alloy
 * uses `%s`), `msg` quoted as Go's `%q`, a trailing space included.
 */
export function formatLokiLine(event: FluxEvent): string {
  return lineFields(event)
    .map(([key, value]) => `${key}=${key === 'msg' ? goQuote(String(value)) : String(value)} `)
    .join('');
}

/** A Kubernetes Event's type for a Flux severity, as Flux's own event recorder maps it. */
function kubeTypeOf(severity: FluxEvent['severity']): string {
  return severity === 'error' ? 'Warning' : 'Normal';
}

/** Alloy writes `count` with `%d` of an int32 and skips 0; anything else is not a count. */
function countOf(value: string | undefined): number | undefined {
  if (value === undefined || !/^\d+$/.test(value)) return undefined;
  const count = Number(value);
  return count > 0 && count <= 2 ** 31 - 1 ? count : undefined;
}
