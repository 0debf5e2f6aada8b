import type { LokiEntry } from './loki-entry.js';

interface LokiStream {
  readonly stream: Readonly<Record<string, string>>;
  readonly values: [string, string][];
}

/**
 * Loki's JSON push body (`POST /loki/api/v1/push`): one stream per label set, its values
 * `[timestamp-ns, line]` in time order (Loki before 2.4 refused out-of-order entries).
 */
export function encodeLokiPush(entries: readonly LokiEntry[]): Buffer {
  const streams = new Map<string, LokiStream>();
  for (const entry of entries) {
    const key = JSON.stringify(Object.entries(entry.labels).sort(([a], [b]) => (a < b ? -1 : 1)));
    let stream = streams.get(key);
    if (stream === undefined) {
      stream = { stream: entry.labels, values: [] };
      streams.set(key, stream);
    }
    stream.values.push([entry.timestampNs, entry.line]);
  }
  for (const { values } of streams.values()) {
    values.sort(([a], [b]) => compareNanos(a, b));
  }
  return Buffer.from(JSON.stringify({ streams: [...streams.values()] }), 'utf8');
}

function compareNanos(a: string, b: string): number {
  const difference = BigInt(a) - BigInt(b);
  return difference < 0n ? -1 : difference > 0n ? 1 : 0;
}
