import type { FluxEvent } from '../api/event.js';
import { formatRfc3339Seconds, parseEventTime } from './event-time.js';
import { goJsonString, goJsonStringMap } from './go-json-string.js';
import { goTitleCase } from './go-title-case.js';

/** Flux's `endsAt`: Go's zero time, which `omitempty` cannot leave out of a struct. */
const GO_ZERO_TIME = '0001-01-01T00:00:00Z';

/**
 * Flux's Alertmanager alert (`internal/notifier/alertmanager.go`), as its `json.Marshal` writes
 * it: one `firing` alert whose labels are the event's metadata (`summary` moved to the
 * annotations) overridden by `alertname` (`Flux` + kind + the reason title-cased), `severity`,
 * `reason`, `kind`, `name`, `namespace` and `reportingcontroller`; annotations `message` and, when
 * the metadata has one, `summary`; `startsAt` the event's time in whole seconds, `endsAt` Go's
 * zero time (Alertmanager then applies its `resolve_timeout`). Maps in Go's key order.
 */
export function encodeAlertmanagerAlerts(event: FluxEvent): Buffer {
  const { summary, ...metadata } = event.metadata ?? {};
  const { kind, name, namespace } = event.involvedObject;
  const labels: Record<string, string> = {
    ...metadata,
    alertname: `Flux${kind}${goTitleCase(event.reason)}`,
    severity: event.severity,
    reason: event.reason,
    kind,
    name,
    namespace,
    reportingcontroller: event.reportingController,
  };
  const annotations: Record<string, string> = {
    message: event.message,
    ...(summary === undefined ? {} : { summary }),
  };
  const startsAt = formatRfc3339Seconds(parseEventTime(event.timestamp));
  const alert = [
    '"status":"firing"',
    `"labels":${goJsonStringMap(labels)}`,
    `"annotations":${goJsonStringMap(annotations)}`,
    `"startsAt":${goJsonString(startsAt)}`,
    `"endsAt":"${GO_ZERO_TIME}"`,
  ];
  return Buffer.from(`[{${alert.join(',')}}]`, 'utf8');
}
