import type { MessageLimit } from '../providers/provider-descriptor.js';
import { truncateText } from './truncate-text.js';

/**
 * `text` cut with {@link truncateText}'s marker just enough that what it is put in fits:
 * `sizeWith(cut)` (the whole payload or message built around the text, counted in the limit's
 * unit) is at most `limit.max`. For limits on more than the text itself (Teams' 28 KB card,
 * Google Chat's 32,000-byte message), where escaping and the rest of the payload count too.
 * Returns `text` when it already fits, "" when nothing built around it fits.
 */
export function truncateToFit(
  text: string,
  limit: Pick<MessageLimit, 'max' | 'unit'>,
  sizeWith: (text: string) => number,
): string {
  if (sizeWith(text) <= limit.max) return text;
  const cutTo = (max: number) => truncateText(text, { max, unit: limit.unit });
  // The longest cut that fits: a longer cut never builds a smaller payload.
  let fits = -1;
  let tooLong = limit.unit === 'bytes' ? Buffer.byteLength(text, 'utf8') : text.length;
  while (tooLong - fits > 1) {
    const middle = Math.floor((fits + tooLong) / 2);
    if (sizeWith(cutTo(middle)) <= limit.max) fits = middle;
    else tooLong = middle;
  }
  return cutTo(Math.max(fits, 0));
}
