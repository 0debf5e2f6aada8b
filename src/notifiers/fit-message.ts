import type { MessageLimit } from '../providers/provider-descriptor.js';
import { truncateText } from './truncate-text.js';

/**
 * The event message, cut with truncateText's marker so that what the platform counts (the
 * whole text or body the message sits in, measured by `sizeWith` in the limit's unit) fits the
 * limit; as is when it fits. The heading and metadata around the message are kept whole.
 *
 * What surrounds the message may grow as it grows (JSON escaping, Markdown escaping), so the
 * cut is measured again and tightened until the whole fits: by the overflow scaled down to the
 * message's own size (a `<` takes six bytes once Go escapes it), so that few rounds are needed.
 */
export function fitMessage(
  message: string,
  limit: Pick<MessageLimit, 'max' | 'unit'>,
  sizeWith: (message: string) => number,
): string {
  if (sizeWith(message) <= limit.max) return message;
  const base = sizeWith('');
  let room = limit.max - base;
  for (;;) {
    const cut = truncateText(message, { max: Math.max(room, 0), unit: limit.unit });
    const size = sizeWith(cut);
    if (size <= limit.max || room <= 0) return cut;
    const overflow = size - limit.max;
    const grown = size - base;
    const scaled = grown > 0 ? Math.ceil((overflow * sizeIn(limit.unit, cut)) / grown) : overflow;
    room -= Math.max(1, scaled);
  }
}

/** The size of `text` in a limit's unit: UTF-16 code units or UTF-8 bytes, as truncateText counts. */
export function sizeIn(unit: MessageLimit['unit'], text: string): number {
  return unit === 'bytes' ? Buffer.byteLength(text, 'utf8') : text.length;
}
