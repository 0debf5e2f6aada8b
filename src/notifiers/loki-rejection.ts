import { readEventTime } from './event-time.js';
import { readGoQuoted } from './go-unquote.js';

/** Why Loki refused an entry it names. */
export type LokiRefusal =
  /**
   * Older than the tenant's `reject_old_samples_max_age` allows; Loki names the oldest time it
   * accepts (to the second, or exactly in older versions).
   */
  | { readonly kind: 'too-old'; readonly oldestAcceptableNs?: bigint }
  /** Newer than the tenant's `creation_grace_period` allows. */
  | { readonly kind: 'too-new' }
  /** An ingester's refusal (out of order, too far behind), in Loki's words. */
  | { readonly kind: 'ingester'; readonly reason: string };

/** One kind of entry Loki says it refused, as its 400 answer names it. */
export interface LokiRejection {
  /** The stream as Loki printed it: its labels may include ones Loki added (`service_name`). */
  readonly labels: ReadonlyMap<string, string>;
  /** Unix nanoseconds of the entry, exact, or of its whole second when Loki printed no fraction. */
  readonly timeNs: bigint;
  readonly precision: 'nanosecond' | 'second';
  readonly refusal: LokiRefusal;
  /** Entries refused this way (Loki's "N errors like: …"). */
  readonly count: number;
}

/** What a Loki 400 answer says about a push. */
export interface LokiRejections {
  readonly rejections: readonly LokiRejection[];
  /**
   * `push`: every refused entry of the push is named (the distributor's validation answer,
   * given once the rest is stored). Otherwise an ingester's answer about one stream, which Loki
   * gives for the last failing stream only: other streams' entries are of unknown fate, and so
   * are this stream's unnamed ones unless `complete`.
   */
  readonly covers: 'push' | { readonly stream: ReadonlyMap<string, string>; complete: boolean };
}

const NANOS_PER_SECOND = 1_000_000_000n;

/**
 * Reads the body of Loki's 400 answer to a push, as Loki writes it: either the distributor's
 * validation errors, joined by `; ` with `N errors like: ` before repeated ones (Loki 3)
 *
 *     entry for stream '{job="herald", namespace="apps"}' has timestamp too old: 2024-05-01T12:00:00Z, oldest acceptable timestamp is: 2024-05-08T12:00:00Z
 *
 * or an ingester's lines, one per refused entry of one stream, then a total (Loki 2 names the
 * stream on each line, Loki 3 on the last):
 *
 *     entry with timestamp 2024-05-01 12:00:00.5 +0000 UTC ignored, reason: 'entry too far behind, …',
 *     user 'tenant', total ignored: 1 out of 3 for stream: {job="herald", namespace="apps"}
 *
 * Returns undefined for anything else: the caller then cannot tell which entries were refused.
 */
export function parseLokiRejections(body: string): LokiRejections | undefined {
  const text = body.trim();
  return text.startsWith('entry with timestamp ')
    ? parseIngesterAnswer(text)
    : parseDistributorAnswer(text);
}

const DISTRIBUTOR_ERROR =
  /^(?:(\d+) errors like: )?entry for stream '(\{.*?\})' has timestamp too (old|new): (.+?)(?:, oldest acceptable timestamp is: (.+?))?(?=; |$)/s;

function parseDistributorAnswer(text: string): LokiRejections | undefined {
  const rejections: LokiRejection[] = [];
  let rest = text;
  while (rest !== '') {
    const match = DISTRIBUTOR_ERROR.exec(rest);
    if (match === null) return undefined;
    const [whole, count, labelsText = '', age, time = '', oldest] = match;
    const labels = parseLabels(labelsText);
    const at = parseLokiTime(time);
    const oldestAcceptable = oldest === undefined ? undefined : parseLokiTime(oldest);
    if (labels === undefined || at === undefined) return undefined;
    rejections.push({
      labels,
      ...at,
      refusal:
        age === 'old'
          ? {
              kind: 'too-old',
              ...(oldestAcceptable === undefined
                ? {}
                : { oldestAcceptableNs: oldestAcceptable.timeNs }),
            }
          : { kind: 'too-new' },
      count: count === undefined ? 1 : Number(count),
    });
    rest = rest.slice(whole.length);
    if (rest.startsWith('; ')) rest = rest.slice(2);
  }
  return rejections.length === 0 ? undefined : { rejections, covers: 'push' };
}

const INGESTER_LINE =
  /^entry with timestamp (.+?) ignored, reason: '(.*)'(?: for stream: (\{.*\}))?,$/;
const INGESTER_TOTAL =
  /^(?:user '.*', )?total ignored: (\d+) out of \d+(?: for stream: (\{.*\}))?$/;

function parseIngesterAnswer(text: string): LokiRejections | undefined {
  const lines = text.split('\n');
  const total = INGESTER_TOTAL.exec(lines.pop() ?? '');
  if (total === null) return undefined;
  let stream = total[2] === undefined ? undefined : parseLabels(total[2]);
  const named: { time: string; reason: string }[] = [];
  for (const line of lines) {
    const match = INGESTER_LINE.exec(line);
    if (match === null) return undefined;
    const [, time = '', reason = '', labels] = match;
    if (labels !== undefined) stream ??= parseLabels(labels);
    named.push({ time, reason });
  }
  if (stream === undefined || named.length === 0) return undefined;
  const rejections: LokiRejection[] = [];
  for (const { time, reason } of named) {
    const at = parseLokiTime(time);
    if (at === undefined) return undefined;
    rejections.push({ labels: stream, ...at, refusal: { kind: 'ingester', reason }, count: 1 });
  }
  return {
    rejections,
    covers: { stream, complete: Number(total[1]) === named.length },
  };
}

/**
 * A time as Loki prints it: RFC 3339 (`Format(time.RFC3339)`, whole seconds) or Go's
 * `time.Time.String()` (`2006-01-02 15:04:05.999999999 -0700 MST`, exact).
 */
function parseLokiTime(
  text: string,
): { timeNs: bigint; precision: LokiRejection['precision'] } | undefined {
  const goString = /^(\d{4}-\d\d-\d\d) (\d\d:\d\d:\d\d(?:\.\d+)?) ([+-]\d\d)(\d\d) \S+$/.exec(text);
  const rfc3339 =
    goString === null ? text : `${goString[1]}T${goString[2]}${goString[3]}:${goString[4]}`;
  const time = readEventTime(rfc3339);
  if (time === undefined) return undefined;
  return {
    timeNs: BigInt(time.epochSeconds) * NANOS_PER_SECOND + BigInt(time.nanos),
    precision: goString === null && !rfc3339.includes('.') ? 'second' : 'nanosecond',
  };
}

/** Prometheus' `labels.String()`: `{name="value", …}`, values quoted as Go's `%q`. */
function parseLabels(text: string): ReadonlyMap<string, string> | undefined {
  const labels = new Map<string, string>();
  let at = 1;
  if (text[0] !== '{' || text[text.length - 1] !== '}') return undefined;
  while (at < text.length - 1) {
    const name = /^[A-Za-z_][A-Za-z0-9_]*="/.exec(text.slice(at));
    if (name === null) return undefined;
    const quoted = readGoString(text, at + name[0].length - 1);
    if (quoted === undefined) return undefined;
    labels.set(name[0].slice(0, -2), quoted.value);
    at = quoted.end;
    if (text.startsWith(', ', at)) at += 2;
    else if (at !== text.length - 1) return undefined;
  }
  return labels;
}

/** A Go double-quoted string starting at `start` (its opening quote): its value and its end. */
function readGoString(text: string, start: number): { value: string; end: number } | undefined {
  const quoted = readGoQuoted(text, start);
  return 'error' in quoted ? undefined : { value: quoted.bytes.toString('utf8'), end: quoted.end };
}
