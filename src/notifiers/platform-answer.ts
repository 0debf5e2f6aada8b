/**
 * Reading a platform's JSON answers (error descriptions, waits) without trusting them: a body
 * may be anything, and its text may echo the request.
 */

/** Words, numbers and plain punctuation; no `/`, `@`, `=`, `?`, `&`, quotes or braces. */
const QUOTABLE_PATTERN = /^[A-Za-z][A-Za-z0-9 :',.()_-]{0,199}$/;
/** Longer runs without a space may be a token, an id or a URL piece: never quoted. */
const MAX_QUOTABLE_WORD_LENGTH = 24;

/** The body as a JSON object; undefined when it is not one. */
export function jsonObjectOf(body: Buffer): Readonly<Record<string, unknown>> | undefined {
  try {
    const parsed: unknown = JSON.parse(body.toString('utf8'));
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)
      ? (parsed as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

/**
 * A platform's own wording (`Bad Request: chat not found`, `M_FORBIDDEN`), when it is short
 * plain text that cannot carry a secret: no word long enough to be a token, none of the
 * characters URLs and credentials are made of. Undefined otherwise, or when it is no string.
 */
export function quotablePlatformText(text: unknown): string | undefined {
  if (typeof text !== 'string' || !QUOTABLE_PATTERN.test(text)) return undefined;
  return text.split(' ').every((word) => word.length <= MAX_QUOTABLE_WORD_LENGTH)
    ? text
    : undefined;
}

/** A wait in seconds (Telegram's `retry_after`, Zulip's `retry-after`) as milliseconds. */
export function secondsToMs(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0
    ? Math.ceil(value * 1000)
    : undefined;
}
