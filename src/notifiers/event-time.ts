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

const SECONDS_PER_DAY = 86_400;
const NANOS_PER_SECOND = 1_000_000_000n;
/** Go's zero `time.Time` (0001-01-01T00:00:00Z), which metav1.Time encodes as `null`. */
const GO_ZERO_EPOCH_SECONDS = -62_135_596_800;

const DASH = 0x2d;
const COLON = 0x3a;
const DOT = 0x2e;
const COMMA = 0x2c;
const PLUS = 0x2b;
const UPPER_T = 0x54;
const UPPER_Z = 0x5a;
/** `2006-01-02T1:04:05Z`, the shortest text Go accepts. */
const SHORTEST = 19;
const OFFSET_LENGTH = '+07:00'.length;

/**
 * Reads an RFC 3339 date-time exactly as Go's `time.Parse(time.RFC3339, text)` does, which is
 * what Flux's metav1.Time decoding calls: whatever Flux's Event API accepts is read here, and
 * nothing else. Go's rules, not the RFC's: an upper-case `T` and `Z` only; the hour may have
 * one digit; a fraction after `.` or `,` of any length (digits past the ninth dropped); seconds
 * up to 59 (no leap second); an offset `±hh:mm` up to 24 hours and 60 minutes. Returns
 * undefined where Go returns an error. Written without a regular expression or substrings: the
 * Event API calls it on every request.
 */
export function readEventTime(text: string): EventTime | undefined {
  if (text.length < SHORTEST) return undefined;
  const century = twoDigitsAt(text, 0);
  const yearOfCentury = twoDigitsAt(text, 2);
  const month = twoDigitsAt(text, 5);
  const day = twoDigitsAt(text, 8);
  if (
    century < 0 ||
    yearOfCentury < 0 ||
    text.charCodeAt(4) !== DASH ||
    text.charCodeAt(7) !== DASH ||
    text.charCodeAt(10) !== UPPER_T
  ) {
    return undefined;
  }
  const year = century * 100 + yearOfCentury;
  // Go's layout hour `15` takes one digit or two; minutes and seconds take exactly two.
  let at = 11;
  let hour = digitAt(text, at++);
  const hourUnits = digitAt(text, at);
  if (hourUnits >= 0) {
    hour = hour * 10 + hourUnits;
    at++;
  }
  if (text.charCodeAt(at) !== COLON || text.charCodeAt(at + 3) !== COLON) return undefined;
  const minute = twoDigitsAt(text, at + 1);
  const second = twoDigitsAt(text, at + 4);
  at += 6;
  let nanos = 0;
  const mark = text.charCodeAt(at);
  if ((mark === DOT || mark === COMMA) && digitAt(text, at + 1) >= 0) {
    let digits = 0;
    for (at++; digitAt(text, at) >= 0; at++) {
      if (digits < 9) {
        nanos = nanos * 10 + digitAt(text, at);
        digits++;
      }
    }
    nanos *= 10 ** (9 - digits);
  }
  let offsetSeconds = 0;
  if (text.charCodeAt(at) !== UPPER_Z || text.length !== at + 1) {
    if (text.length !== at + OFFSET_LENGTH || text.charCodeAt(at + 3) !== COLON) return undefined;
    const sign = text.charCodeAt(at);
    const offsetHour = twoDigitsAt(text, at + 1);
    const offsetMinute = twoDigitsAt(text, at + 4);
    // Go allows 24:00 and xx:60 ("some people do write offsets of 24 hours or 60 minutes").
    if ((sign !== PLUS && sign !== DASH) || offsetHour < 0 || offsetHour > 24) return undefined;
    if (offsetMinute < 0 || offsetMinute > 60) return undefined;
    offsetSeconds = (sign === DASH ? -1 : 1) * (offsetHour * 3600 + offsetMinute * 60);
  }
  const inRange =
    month >= 1 &&
    month <= 12 &&
    day >= 1 &&
    day <= daysInMonth(year, month) &&
    hour >= 0 &&
    hour <= 23 &&
    minute >= 0 &&
    minute <= 59 &&
    second >= 0 &&
    second <= 59;
  if (!inRange) return undefined;
  const epochSeconds =
    daysFromCivil(year, month, day) * SECONDS_PER_DAY +
    hour * 3600 +
    minute * 60 +
    second -
    offsetSeconds;
  return { epochSeconds, nanos };
}

/** {@link readEventTime} for delivery, where a timestamp Go would refuse is an error. */
export function parseEventTime(text: string): EventTime {
  const time = readEventTime(text);
  if (time === undefined) {
    throw new EventTimeError(
      `timestamp ${JSON.stringify(text)} is not an RFC 3339 date-time as Go reads it`,
    );
  }
  return time;
}

/**
 * RFC 3339 in UTC with whole seconds (`2024-05-01T12:00:00Z`), as Go's metav1.Time marshals:
 * the fraction is truncated, not rounded. An offset can carry a time past 9999 or before 0000
 * (`10000-01-01T…`, `-0001-12-31T…`), which Go writes as it is rather than failing.
 */
export function formatRfc3339Seconds(time: EventTime): string {
  const days = Math.floor(time.epochSeconds / SECONDS_PER_DAY);
  const secondOfDay = time.epochSeconds - days * SECONDS_PER_DAY;
  const [year, month, day] = civilFromDays(days);
  const pad = (value: number, width = 2) => String(value).padStart(width, '0');
  // Go writes a year outside 0000–9999 with a sign or a fifth digit; so does this.
  const yearText = year < 0 ? `-${pad(-year, 4)}` : pad(year, 4);
  return (
    `${yearText}-${pad(month)}-${pad(day)}T` +
    `${pad(Math.floor(secondOfDay / 3600))}:${pad(Math.floor((secondOfDay % 3600) / 60))}:${pad(secondOfDay % 60)}Z`
  );
}

/**
 * RFC 3339 in UTC with the fraction Go's `time.RFC3339Nano` writes: up to nine digits, trailing
 * zeros dropped, none for a whole second (how Go's JSON encodes a plain `time.Time`).
 */
export function formatRfc3339Nano(time: EventTime): string {
  const whole = formatRfc3339Seconds(time);
  if (time.nanos === 0) return whole;
  const fraction = String(time.nanos).padStart(9, '0').replace(/0+$/, '');
  return `${whole.slice(0, -1)}.${fraction}Z`;
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

/** The digit at `index`, or -1 for anything else (including past the end). */
function digitAt(text: string, index: number): number {
  const digit = text.charCodeAt(index) - 0x30;
  return digit >= 0 && digit <= 9 ? digit : -1;
}

/** The two digits at `index` as a number, or -1. */
function twoDigitsAt(text: string, index: number): number {
  const tens = digitAt(text, index);
  const units = digitAt(text, index + 1);
  return tens < 0 || units < 0 ? -1 : tens * 10 + units;
}
