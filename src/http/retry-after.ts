const DELAY_SECONDS_PATTERN = /^\d+$/;
/**
 * The three HTTP-date forms (IMF-fixdate, RFC 850, asctime) all open with a day name; checking
 * it keeps `Date.parse`'s leniency (`-5` is a year to it) out.
 */
const HTTP_DATE_PATTERN = /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun)[a-z]*,? /i;

/**
 * The delay a `Retry-After` header asks for, in milliseconds: either delay-seconds (`120`) or an
 * HTTP date (`Fri, 31 Dec 1999 23:59:59 GMT`, measured against `nowMs`). A date in the past
 * means "now" (0). Anything else is ignored (undefined), and the caller falls back to backoff.
 */
export function parseRetryAfterMs(value: string | undefined, nowMs: number): number | undefined {
  if (value === undefined) return undefined;
  const trimmed = value.trim();
  if (trimmed === '') return undefined;
  if (DELAY_SECONDS_PATTERN.test(trimmed)) {
    const seconds = Number(trimmed);
    return Number.isSafeInteger(seconds) ? seconds * 1000 : undefined;
  }
  if (!HTTP_DATE_PATTERN.test(trimmed)) return undefined;
  const dateMs = Date.parse(trimmed);
  if (Number.isNaN(dateMs)) return undefined;
  return Math.max(0, dateMs - nowMs);
}
