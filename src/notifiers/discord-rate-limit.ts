import type { AttemptResponse } from '../http/send-attempt.js';

/**
 * The wait Discord asks for when it rate-limits (https://discord.com/developers/docs/topics/rate-limits):
 * its 429 body's `retry_after` (seconds, often fractional), else the `X-RateLimit-Reset-After`
 * header (seconds, fractional). Called when no `Retry-After` header gave a wait. Milliseconds,
 * rounded up so the retry never comes early.
 */
export function discordRetryAfterMs(response: AttemptResponse): number | undefined {
  return (
    secondsToMs(retryAfterInBody(response.body)) ??
    secondsToMs(parseSeconds(response.headers['x-ratelimit-reset-after']))
  );
}

/**
 * How long Discord says the webhook's budget stays spent after a message it took: its
 * `X-RateLimit-Remaining: 0` with `X-RateLimit-Reset-After` (seconds). Undefined while budget
 * remains. Milliseconds, rounded up.
 */
export function discordBudgetSpentMs(
  headers: Readonly<Record<string, string | undefined>>,
): number | undefined {
  if (headers['x-ratelimit-remaining']?.trim() !== '0') return undefined;
  return secondsToMs(parseSeconds(headers['x-ratelimit-reset-after']));
}

function retryAfterInBody(body: Buffer): unknown {
  try {
    const parsed: unknown = JSON.parse(body.toString('utf8'));
    return typeof parsed === 'object' && parsed !== null && 'retry_after' in parsed
      ? parsed.retry_after
      : undefined;
  } catch {
    return undefined;
  }
}

function parseSeconds(value: string | undefined): number | undefined {
  return value !== undefined && /^\d+(\.\d+)?$/.test(value.trim()) ? Number(value) : undefined;
}

function secondsToMs(seconds: unknown): number | undefined {
  return typeof seconds === 'number' && Number.isFinite(seconds) && seconds >= 0
    ? Math.ceil(seconds * 1000)
    : undefined;
}
