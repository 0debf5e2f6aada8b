import type { FluxEvent } from '../api/event.js';
import { formatRfc3339Nano, parseEventTime } from './event-time.js';
import { goJsonString, goJsonStringMap } from './go-json-string.js';
import { truncateText } from './truncate-text.js';

/** Relay trims an event's message beyond this (Sentry's documented size limits). */
export const SENTRY_MAX_MESSAGE_CHARACTERS = 8_192;

/** The rate-limit category of what an envelope carries (`X-Sentry-Rate-Limits`). */
export type SentryCategory = 'error' | 'transaction';

export interface SentryEnvelopeContext {
  readonly dsn: string;
  /** The Provider's channel; omitted when empty, as the SDK omits it. */
  readonly environment: string | undefined;
  /** When the envelope is sent, epoch milliseconds. */
  readonly sentAtMs: number;
  /** The SDK's name and version, in the envelope and its auth header. */
  readonly sdk: { readonly name: string; readonly version: string };
  /** What the SDK fills in as `server_name` where Flux sets none: the host's name. */
  readonly hostname: string;
  /** 32 hex digits each, and 16 for the span. */
  readonly eventId: string;
  readonly traceId: string;
  readonly spanId: string;
}

/**
 * What Flux's Sentry notifier captures (`internal/notifier/sentry.go`), as an envelope
 * (https://develop.sentry.dev/sdk/envelopes/): an error event for `error` events, a transaction
 * for `info` ones. Fields as sentry-go writes its Event struct, Go's escaping, and what the
 * SDK adds itself (`event_id`, `level`, `platform`, `sdk`, `server_name`, `environment`):
 * - error: `level: error`, `message`, `server_name` the reporting controller, `timestamp` the
 *   event's time, `transaction` `<kind>: <namespace>/<name>`, `extra` the metadata;
 * - info: `type: transaction`, one span (`op: event`) starting and ending at the event's time,
 *   its trace in `contexts.trace`, tags `flux_involved_object_kind`, `…_namespace`, `…_name`,
 *   `flux_reporting_controller`, `flux_reporting_instance`, `flux_reason` plus the metadata,
 *   on the transaction and on its span.
 * The message is cut at Sentry's limit, marked.
 */
export function encodeSentryEnvelope(
  event: FluxEvent,
  context: SentryEnvelopeContext,
): { readonly body: Buffer; readonly category: SentryCategory } {
  const category: SentryCategory = event.severity === 'error' ? 'error' : 'transaction';
  const time = goJsonString(formatRfc3339Nano(parseEventTime(event.timestamp)));
  const { kind, namespace, name } = event.involvedObject;
  const summary = goJsonString(`${kind}: ${namespace}/${name}`);
  const message = goJsonString(
    truncateText(event.message, { max: SENTRY_MAX_MESSAGE_CHARACTERS, unit: 'characters' }),
  );
  const environment =
    context.environment === undefined || context.environment === ''
      ? []
      : [`"environment":${goJsonString(context.environment)}`];
  const sdk = `"sdk":{"name":${goJsonString(context.sdk.name)},"version":${goJsonString(context.sdk.version)}}`;
  const metadata = event.metadata ?? {};
  let payload: string[];
  if (category === 'error') {
    payload = [
      ...environment,
      `"event_id":"${context.eventId}"`,
      ...(Object.keys(metadata).length === 0 ? [] : [`"extra":${goJsonStringMap(metadata)}`]),
      `"level":"error"`,
      `"message":${message}`,
      `"platform":"node"`,
      sdk,
      `"server_name":${goJsonString(event.reportingController)}`,
      `"timestamp":${time}`,
      `"transaction":${summary}`,
    ];
  } else {
    const tags = goJsonStringMap({
      flux_involved_object_kind: kind,
      flux_involved_object_namespace: namespace,
      flux_involved_object_name: name,
      flux_reporting_controller: event.reportingController,
      flux_reporting_instance: event.reportingInstance ?? '',
      flux_reason: event.reason,
      ...metadata,
    });
    const ids = `"trace_id":"${context.traceId}","span_id":"${context.spanId}"`;
    const span = `{${ids},"op":"event","tags":${tags},"start_timestamp":${time},"timestamp":${time},"origin":"manual"}`;
    payload = [
      `"contexts":{"trace":{"op":"event","span_id":"${context.spanId}","trace_id":"${context.traceId}"}}`,
      ...environment,
      `"event_id":"${context.eventId}"`,
      `"level":"info"`,
      `"message":${message}`,
      `"platform":"node"`,
      sdk,
      `"server_name":${goJsonString(context.hostname)}`,
      `"tags":${tags}`,
      `"timestamp":${time}`,
      `"transaction":${summary}`,
      `"type":"transaction"`,
      `"start_timestamp":${time}`,
      `"spans":[${span}]`,
    ];
  }
  const item = Buffer.from(`{${payload.join(',')}}`, 'utf8');
  const sentAt = formatRfc3339Nano({
    epochSeconds: Math.floor(context.sentAtMs / 1_000),
    nanos: (context.sentAtMs % 1_000) * 1_000_000,
  });
  const header = `{"event_id":"${context.eventId}","sent_at":"${sentAt}","dsn":${goJsonString(context.dsn)},${sdk}}`;
  const itemHeader = `{"type":"${category === 'error' ? 'event' : 'transaction'}","length":${item.length}}`;
  const body = Buffer.concat([
    Buffer.from(`${header}\n${itemHeader}\n`, 'utf8'),
    item,
    Buffer.from('\n', 'utf8'),
  ]);
  return { body, category };
}
