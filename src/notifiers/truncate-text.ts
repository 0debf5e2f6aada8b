import type { MessageLimit } from '../providers/provider-descriptor.js';

/** Ends a message cut to fit its platform, so a reader knows there was more. */
export const TRUNCATION_MARKER = '… [truncated by Herald]';

/**
 * `text`, cut with {@link TRUNCATION_MARKER} at its end so that the whole fits `limit`; as is
 * when it fits. Characters are counted as UTF-16 code units (JavaScript's `length`, also what
 * Telegram counts; never fewer than the code points Discord and Slack count) and bytes as UTF-8.
 * A cut never splits a surrogate pair or a UTF-8 sequence.
 */
export function truncateText(text: string, limit: Pick<MessageLimit, 'max' | 'unit'>): string {
  const sizeOf = limit.unit === 'bytes' ? utf8Length : (s: string) => s.length;
  if (sizeOf(text) <= limit.max) return text;
  const room = limit.max - sizeOf(TRUNCATION_MARKER);
  if (room <= 0) return cutTo(TRUNCATION_MARKER, limit.max, sizeOf);
  return cutTo(text, room, sizeOf) + TRUNCATION_MARKER;
}

function utf8Length(s: string): number {
  return Buffer.byteLength(s, 'utf8');
}

/** The longest prefix of whole code points whose size is at most `max`. */
function cutTo(text: string, max: number, sizeOf: (s: string) => number): string {
  let end = 0;
  let size = 0;
  for (const codePoint of text) {
    const next = sizeOf(codePoint);
    if (size + next > max) break;
    size += next;
    end += codePoint.length;
  }
  return text.slice(0, end);
}
