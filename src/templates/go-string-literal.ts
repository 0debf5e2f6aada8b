import { readGoQuoted } from '../notifiers/go-unquote.js';

/**
 * The value of a Go interpreted string or rune literal, quotes included, as `strconv.Unquote`
 * reads it. Throws a message naming what is wrong; escapes must spell valid UTF-8, since a
 * JavaScript string cannot hold the stray bytes a Go string can.
 */
export function unquoteGoLiteral(literal: string): string {
  const read = readGoQuoted(literal, 0);
  if ('error' in read) throw new Error(read.error);
  if (read.end !== literal.length) throw new Error('invalid syntax');
  const text = read.bytes.toString('utf8');
  if (!Buffer.from(text, 'utf8').equals(read.bytes)) throw new Error('escapes spell invalid UTF-8');
  return text;
}
