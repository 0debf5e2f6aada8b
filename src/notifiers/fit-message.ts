import type { MessageLimit } from '../providers/provider-descriptor.js';
import { truncateText } from './truncate-text.js';

/**
 * The event message, cut with truncateText's marker so that what the platform counts (the
 * whole text or body the message sits in, measured by `sizeWith` in the limit's unit) fits the
 * limit; as is when it fits. The heading and metadata around the message are kept whole.
 *
 * What surrounds the message may grow as it grows (JSON escaping, Markdown escaping), so the
 * cut is measured again and tightened by what still overflows until the whole fits, or nothing
 * of the message is left.
 */
export function fitMessage(
  message: string,
  limit: Pick<MessageLimit, 'max' | 'unit'>,
  sizeWith: (message: string) => number,
): string {
  if (sizeWith(message) <= limit.max) return message;
  let room = limit.max - sizeWith('');
  for (;;) {
    const cut = truncateText(message, { max: Math.max(room, 0), unit: limit.unit });
    const overflow = sizeWith(cut) - limit.max;
    if (overflow <= 0 || room <= 0) return cut;
    room -= overflow;
  }
}

/** The size of `text` in a limit's unit: UTF-16 code units or UTF-8 bytes, as truncateText counts. */
export function sizeIn(unit: MessageLimit['unit'], text: string): number {
  return unit === 'bytes' ? Buffer.byteLength(text, 'utf8') : text.length;
}
