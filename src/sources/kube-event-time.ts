import type { CoreV1Event } from '@kubernetes/client-node';

/**
 * A time as the native-event code carries it: RFC 3339 in UTC with exactly six fractional
 * digits (`2024-05-01T10:00:02.654321Z`), the precision of Kubernetes' MicroTime. The fixed
 * width makes text order time order, so checkpoints compare times without parsing them.
 */
export type MicroTime = string;

const RFC3339 = /^(\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2})(?:\.(\d+))?([Zz]|[+-]\d{2}:\d{2})$/;
const MICRO_DIGITS = 6;
/** Go's zero `time.Time`: an unset time that a producer serialised instead of leaving out. */
const GO_ZERO_TIME = '0001-01-01T00:00:00.000000Z';
const MS_PER_SECOND = 1_000;

/**
 * A Kubernetes time field, or a time of Herald's own, as a {@link MicroTime}; `undefined` when
 * absent, unreadable or Go's zero time. Listed and watched Events carry every time as the
 * server's text, whatever client-node's declared types say (its typed lists would turn `Time`
 * fields into `Date`s, to the millisecond); a `Date` comes from Herald's clock. Text keeps its
 * microseconds.
 */
export function toMicroTime(value: Date | string | null | undefined): MicroTime | undefined {
  if (value === undefined || value === null) return undefined;
  let wholeSecondsMs: number;
  let fraction: string;
  if (typeof value === 'string') {
    const match = RFC3339.exec(value);
    if (match === null) return undefined;
    const [, dateTime = '', digits = '', offset = ''] = match;
    wholeSecondsMs = Date.parse(`${dateTime}${offset}`.toUpperCase());
    fraction = digits;
  } else {
    const ms = value.getTime();
    const msOfSecond = ((ms % MS_PER_SECOND) + MS_PER_SECOND) % MS_PER_SECOND;
    wholeSecondsMs = ms - msOfSecond;
    fraction = String(msOfSecond).padStart(3, '0');
  }
  if (!Number.isFinite(wholeSecondsMs)) return undefined;
  const iso = new Date(wholeSecondsMs).toISOString();
  // Years past 9999 come out as `+010000-…`, which would break the fixed width.
  if (iso.length !== '0000-00-00T00:00:00.000Z'.length) return undefined;
  const time = `${iso.slice(0, 19)}.${fraction.slice(0, MICRO_DIGITS).padEnd(MICRO_DIGITS, '0')}Z`;
  return time === GO_ZERO_TIME ? undefined : time;
}

/**
 * When the Event's latest occurrence happened: `series.lastObservedTime`, else `lastTimestamp`,
 * else `eventTime`, else `metadata.creationTimestamp` (which the API server always sets). The
 * fields a recorder moves on each repeat come before those that keep the first occurrence.
 */
export function effectiveTime(event: CoreV1Event): MicroTime | undefined {
  return (
    toMicroTime(event.series?.lastObservedTime) ??
    toMicroTime(event.lastTimestamp) ??
    toMicroTime(event.eventTime) ??
    toMicroTime(event.metadata.creationTimestamp)
  );
}
