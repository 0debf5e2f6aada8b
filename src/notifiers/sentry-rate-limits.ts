import type { AttemptResponse } from '../http/send-attempt.js';
import type { SentryCategory } from './sentry-envelope.js';

/**
 * The wait Sentry's `X-Sentry-Rate-Limits` header sets for a category, in ms: entries
 * `<seconds>:<categories separated by ;>:<scope>…`, separated by commas; no categories means
 * every one (https://develop.sentry.dev/sdk/expected-features/rate-limiting/). The longest
 * wait that applies; undefined when none does.
 */
export function sentryRateLimitMs(
  response: AttemptResponse,
  category: SentryCategory,
): number | undefined {
  const header = response.headers['x-sentry-rate-limits'];
  if (header === undefined) return undefined;
  let longest: number | undefined;
  for (const entry of header.split(',')) {
    const [seconds = '', categories = ''] = entry.trim().split(':');
    if (!/^\d+$/.test(seconds)) continue;
    const named = categories.split(';').filter((name) => name !== '');
    if (named.length > 0 && !named.includes(category)) continue;
    longest = Math.max(longest ?? 0, Number(seconds) * 1_000);
  }
  return longest;
}
