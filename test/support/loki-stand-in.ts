import { formatRfc3339Seconds } from '../../src/notifiers/event-time.js';
import { goQuote } from '../../src/notifiers/go-quote.js';
import type { CapturedRequest, ReplyRule } from './capture-server.js';

interface PushBody {
  streams: { stream: Record<string, string>; values: [string, string][] }[];
}

const NANOS_PER_SECOND = 1_000_000_000n;

/**
 * Answers a push as Loki 3's distributor does with `reject_old_samples` on: entries older than
 * `oldestAcceptableNs` are refused, the rest stored (204 when nothing was refused). A refusal
 * is a 400 whose text/plain body lists the refused entries, grouped as Loki's `GroupedErrors`
 * (`N errors like: ` when there is more than one, joined by `; `), each naming the stream as
 * Prometheus prints labels (with the `service_name` Loki derives from `job`) and the times in
 * RFC 3339 to the second.
 */
export function lokiRejectingOlderThan(oldestAcceptableNs: bigint): ReplyRule {
  return (request: CapturedRequest) => {
    const push = JSON.parse(request.body.toString('utf8')) as PushBody;
    const counts = new Map<string, number>();
    for (const { stream, values } of push.streams) {
      for (const [timestamp] of values) {
        if (BigInt(timestamp) >= oldestAcceptableNs) continue;
        const message =
          `entry for stream '${prometheusLabels(withServiceName(stream))}' has timestamp too old: ` +
          `${rfc3339(BigInt(timestamp))}, oldest acceptable timestamp is: ${rfc3339(oldestAcceptableNs)}`;
        counts.set(message, (counts.get(message) ?? 0) + 1);
      }
    }
    if (counts.size === 0) return { status: 204 };
    const grouped = [...counts].map(([message, count]) =>
      counts.size > 1 || count > 1 ? `${count} errors like: ${message}` : message,
    );
    return {
      status: 400,
      headers: { 'Content-Type': 'text/plain; charset=utf-8', 'X-Content-Type-Options': 'nosniff' },
      // Go's http.Error ends the body with a newline.
      body: `${grouped.join('; ')}\n`,
    };
  };
}

/** Loki 3's `discover_service_name` names the service after `job` when nothing closer is set. */
function withServiceName(labels: Record<string, string>): Record<string, string> {
  const job = labels.job;
  return job === undefined || 'service_name' in labels ? labels : { ...labels, service_name: job };
}

/** Prometheus' `labels.String()`: sorted by name, values quoted as Go's `%q`. */
function prometheusLabels(labels: Record<string, string>): string {
  const pairs = Object.entries(labels).sort(([a], [b]) => (a < b ? -1 : 1));
  return `{${pairs.map(([name, value]) => `${name}=${goQuote(value)}`).join(', ')}}`;
}

function rfc3339(timeNs: bigint): string {
  return formatRfc3339Seconds({ epochSeconds: Number(timeNs / NANOS_PER_SECOND), nanos: 0 });
}
