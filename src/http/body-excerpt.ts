import { maskSecrets } from './redact.js';

/** Longest excerpt of a response body a debug line carries. */
const MAX_EXCERPT_CHARS = 256;

/**
 * The start of a response body for a debug line: the whole body masked first, then cut, so a
 * secret the cut would split is already gone. Receivers echo requests in their errors (Express's
 * `Cannot POST /path`, Spring's `"path"`), so a body never goes further than a debug line.
 */
export function maskedBodyExcerpt(body: Buffer, secrets: readonly (string | undefined)[]): string {
  const text = maskSecrets(body.toString('utf8'), secrets).replace(/\s+/g, ' ').trim();
  return text.length <= MAX_EXCERPT_CHARS ? text : `${text.slice(0, MAX_EXCERPT_CHARS)}…`;
}
