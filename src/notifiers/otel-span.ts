import { createHash } from 'node:crypto';
import type { FluxEvent } from '../api/event.js';
import { parseEventTime, unixNanosString } from './event-time.js';
import { compareGoStrings } from './go-json-string.js';
import type { AlertOrigin } from './notifier.js';

/** The instrumentation scope Flux's tracer is named by. */
export const OTEL_SCOPE_NAME = 'flux:notification-controller';
/** The semantic conventions Flux's resource follows (semconv v1.34.0). */
export const OTEL_SCHEMA_URL = 'https://opentelemetry.io/schemas/1.34.0';

/** OTLP's enums, which OTLP/JSON writes as integers. */
const SPAN_KIND_INTERNAL = 1;
const STATUS_CODE_OK = 1;
const STATUS_CODE_ERROR = 2;

/**
 * The revision a trace is keyed by, as Flux reads it from the metadata: an OCI artifact's
 * `<app-version>@<oci-digest>`, else `revision`, else `unknown`.
 */
export function revisionOf(metadata: Readonly<Record<string, string>>): string {
  const digest = metadata['oci-digest'];
  const appVersion = metadata['app-version'];
  if (digest !== undefined && appVersion !== undefined) return `${appVersion}@${digest}`;
  return metadata.revision ?? 'unknown';
}

/**
 * Flux's trace ID: the first 16 bytes of SHA-256 of `<Alert UID>:<revision>`, so every event of
 * one Alert about one revision lands in the same trace.
 */
export function otelTraceId(alertUid: string, revision: string): string {
  return createHash('sha256').update(`${alertUid}:${revision}`).digest('hex').slice(0, 32);
}

export interface OtelSpanContext {
  readonly alert: AlertOrigin;
  /** 16 hex digits. */
  readonly spanId: string;
  /** When the span ended (Flux ends it as it sends it), epoch milliseconds. */
  readonly endedAtMs: number;
}

const stringAttribute = (key: string, value: string) => ({ key, value: { stringValue: value } });

/**
 * The one span Flux's OTel notifier exports per event (`internal/notifier/otel.go`), as an
 * OTLP/HTTP JSON `ExportTraceServiceRequest`: resource `service.name` `<alert namespace>/<alert
 * name>`, `service.namespace`, `service.instance.id` the Alert's UID (sorted, as the SDK's
 * attribute set); scope `flux:notification-controller`; span `<kind>: <namespace>/<name>`,
 * internal, from the event's time to now, no parent, attributes `object.uid`, `object.kind`,
 * `object.name`, `object.namespace` then the metadata (Go's key order; a repeated key keeps
 * its first place and its last value, as the SDK dedupes); status Error with the message, or
 * Ok (whose description the SDK drops). Fields in protobuf field order, as the exporter
 * writes them; IDs in hex and 64-bit integers as strings, as OTLP/JSON has them.
 */
export function encodeOtelSpan(event: FluxEvent, context: OtelSpanContext): Buffer {
  const { alert } = context;
  const uid = alert.uid ?? '';
  const metadata = event.metadata ?? {};
  const object = event.involvedObject;
  const attributes = new Map<string, string>([
    ['object.uid', object.uid ?? ''],
    ['object.kind', object.kind],
    ['object.name', object.name],
    ['object.namespace', object.namespace],
  ]);
  for (const key of Object.keys(metadata).sort(compareGoStrings))
    attributes.set(key, metadata[key] ?? '');
  const request = {
    resourceSpans: [
      {
        resource: {
          attributes: [
            stringAttribute('service.instance.id', uid),
            stringAttribute('service.name', `${alert.namespace}/${alert.name}`),
            stringAttribute('service.namespace', alert.namespace),
          ],
        },
        scopeSpans: [
          {
            scope: { name: OTEL_SCOPE_NAME },
            spans: [
              {
                traceId: otelTraceId(uid, revisionOf(metadata)),
                spanId: context.spanId,
                name: `${object.kind}: ${object.namespace}/${object.name}`,
                kind: SPAN_KIND_INTERNAL,
                startTimeUnixNano: unixNanosString(parseEventTime(event.timestamp)),
                endTimeUnixNano: (BigInt(context.endedAtMs) * 1_000_000n).toString(),
                attributes: [...attributes].map(([key, value]) => stringAttribute(key, value)),
                status:
                  event.severity === 'error'
                    ? { message: event.message, code: STATUS_CODE_ERROR }
                    : { code: STATUS_CODE_OK },
              },
            ],
          },
        ],
        schemaUrl: OTEL_SCHEMA_URL,
      },
    ],
  };
  return Buffer.from(JSON.stringify(request), 'utf8');
}
