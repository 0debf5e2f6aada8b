import { HeraldError } from '../errors/herald-error.js';

/**
 * An instant as whole seconds since the Unix epoch plus nanoseconds, so RFC 3339 fractions
 * survive exactly (a float of nanoseconds since 1970 does not: it has 53 bits).
 */
export interface EventTime {
  readonly epochSeconds: number;
  /** 0 ≤ nanos < 1e9. */
  readonly nanos: number;
}

export class EventTimeError extends HeraldError {
  constructor(message: string, options?: ErrorOptions) {
    super('HERALD_EVENT_INVALID_TIMESTAMP', message, options);
  }
}

const RFC3339_PATTERN =
  /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?(?:[Zz]|([+-])(\d{2}):(\d{2}))$/;
const SECONDS_PER_DAY = 86_400;
const NANOS_PER_SECOND = 1_000_000_000n;
/** Go's zero `time.Time` (0001-01-01T00:00:00Z), which metav1.Time encodes as `null`. */
const GO_ZERO_EPOCH_SECONDS = -62_135_596_800;

/**
 * Parses an RFC 3339 date-time. Stricter than `Date.parse` (no other formats, day checked
 * against its month) and exact to the nanosecond; digits past the ninth are dropped. A leap
 * second (`:60`) rolls into the next minute rather than failing a delivery.
 */
export function parseEventTime(text: string): EventTime {
  const match = RFC3339_PATTERN.exec(text);
  if (match === null) {
    throw new EventTimeError(`timestamp is not RFC 3339: ${JSON.stringify(text)}`);
  }
  const field = (group: number): number => Number(match[group] ?? 0);
  const [year, month, day] = [field(1), field(2), field(3)] as const;
  const [hour, minute, second] = [field(4), field(5), field(6)] as const;
  const [offsetHour, offsetMinute] = [field(9), field(10)] as const;
  const inRange =
    month >= 1 &&
    month <= 12 &&
    day >= 1 &&
    day <= daysInMonth(year, month) &&
    hour <= 23 &&
    minute <= 59 &&
    second <= 60 &&
    offsetHour <= 23 &&
    offsetMinute <= 59;
  if (!inRange) throw new EventTimeError(`timestamp is out of range: ${JSON.stringify(text)}`);
  const offsetSeconds = (match[8] === '-' ? -1 : 1) * (offsetHour * 3600 + offsetMinute * 60);
  const epochSeconds =
    daysFromCivil(year, month, day) * SECONDS_PER_DAY +
    hour * 3600 +
    minute * 60 +
    second -
    offsetSeconds;
  const fraction = match[7] ?? '';
  const nanos = fraction === '' ? 0 : Number(fraction.slice(0, 9).padEnd(9, '0'));
  return { epochSeconds, nanos };
}

/**
 * RFC 3339 in UTC with whole seconds (`2024-05-01T12:00:00Z`), as Go's metav1.Time marshals:
 * the fraction is truncated, not rounded.
 */
export function formatRfc3339Seconds(time: EventTime): string {
  const days = Math.floor(time.epochSeconds / SECONDS_PER_DAY);
  const secondOfDay = time.epochSeconds - days * SECONDS_PER_DAY;
  const [year, month, day] = civilFromDays(days);
  const pad = (value: number, width = 2) => String(value).padStart(width, '0');
  return (
    `${pad(year, 4)}-${pad(month)}-${pad(day)}T` +
    `${pad(Math.floor(secondOfDay / 3600))}:${pad(Math.floor((secondOfDay % 3600) / 60))}:${pad(secondOfDay % 60)}Z`
  );
}

/** Nanoseconds since the Unix epoch as a decimal string (Loki's timestamp). */
export function unixNanosString(time: EventTime): string {
  return (BigInt(time.epochSeconds) * NANOS_PER_SECOND + BigInt(time.nanos)).toString();
}

export function isGoZeroTime(time: EventTime): boolean {
  return time.epochSeconds === GO_ZERO_EPOCH_SECONDS && time.nanos === 0;
}

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's `days_from_civil`). */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month > 2 ? month - 3 : month + 9) + 2) / 5) + day - 1;
  const dayOfEra =
    yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146_097 + dayOfEra - 719_468;
}

/** The inverse of {@link daysFromCivil}: `[year, month, day]`. */
function civilFromDays(days: number): [number, number, number] {
  const z = days + 719_468;
  const era = Math.floor(z / 146_097);
  const dayOfEra = z - era * 146_097;
  const yearOfEra = Math.floor(
    (dayOfEra -
      Math.floor(dayOfEra / 1460) +
      Math.floor(dayOfEra / 36_524) -
      Math.floor(dayOfEra / 146_096)) /
      365,
  );
  const dayOfYear =
    dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const shiftedMonth = Math.floor((5 * dayOfYear + 2) / 153);
  const day = dayOfYear - Math.floor((153 * shiftedMonth + 2) / 5) + 1;
  const month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9;
  const year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
  return [year, month, day];
}
