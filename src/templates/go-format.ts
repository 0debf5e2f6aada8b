import { goQuote } from '../notifiers/go-quote.js';
import {
  GoFloat,
  GoMap,
  GoStruct,
  NO_VALUE,
  goTypeName,
  isList,
  type TemplateValue,
} from './template-value.js';

/** The `printf` verbs Herald renders; flags, widths and precisions are refused. */
export const PRINTF_VERBS = new Set(['s', 'd', 'v', 'q', 't']);

/**
 * A float64 as Go's `%v` writes it: the shortest digits that read back, in `%e` form when the
 * exponent is below -4 or at least 6 (`1e+06`, `1.5e-05`), with at least two exponent digits.
 */
export function formatGoFloat(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (!Number.isFinite(value)) return value > 0 ? '+Inf' : '-Inf';
  if (value === 0) return Object.is(value, -0) ? '-0' : '0';
  const [mantissa = '', power = '0'] = value.toExponential().split('e');
  const exponent = Number(power);
  if (exponent >= -4 && exponent < 6) return String(value);
  return `${mantissa}e${exponent < 0 ? '-' : '+'}${String(Math.abs(exponent)).padStart(2, '0')}`;
}

/** A value as `fmt` writes it with `verb` (`%!verb(type=value)` when they do not go together). */
export function formatGoValue(value: TemplateValue, verb: string): string {
  if (value === NO_VALUE)
    return verb === 'v' || verb === 's' ? '<no value>' : `%!${verb}(<no value>)`;
  if (value === null) return verb === 'v' ? '<nil>' : `%!${verb}(<nil>)`;
  if (value instanceof GoStruct)
    return `{${[...value.fields.values()].map((field) => formatGoValue(field, verb)).join(' ')}}`;
  if (value instanceof GoMap) {
    const pairs = value
      .sortedKeys()
      .map(
        (key) => `${formatGoValue(key, verb)}:${formatGoValue(value.entries.get(key) ?? '', verb)}`,
      );
    return `map[${pairs.join(' ')}]`;
  }
  if (isList(value)) return `[${value.map((item) => formatGoValue(item, verb)).join(' ')}]`;
  const plain = plainText(value);
  const fits =
    verb === 'v' ||
    (typeof value === 'string' && (verb === 's' || verb === 'q')) ||
    (typeof value === 'number' && verb === 'd') ||
    (typeof value === 'boolean' && verb === 't');
  if (!fits) return `%!${verb}(${goTypeName(value)}=${plain})`;
  return verb === 'q' ? goQuote(plain) : plain;
}

function plainText(value: string | number | boolean | GoFloat): string {
  if (value instanceof GoFloat) return formatGoFloat(value.value);
  return String(value);
}

/** Go's `fmt.Sprint`: a space between two operands when neither is a string. */
export function goSprint(values: readonly TemplateValue[]): string {
  let text = '';
  values.forEach((value, i) => {
    const previous = values[i - 1];
    if (i > 0 && typeof value !== 'string' && typeof previous !== 'string') text += ' ';
    text += formatGoValue(value, 'v');
  });
  return text;
}

/** Go's `fmt.Sprintln`: operands separated by spaces, then a line break. */
export function goSprintln(values: readonly TemplateValue[]): string {
  return `${values.map((value) => formatGoValue(value, 'v')).join(' ')}\n`;
}

/**
 * Go's `fmt.Sprintf` for the verbs in {@link PRINTF_VERBS} and `%%`: a missing operand is
 * `%!d(MISSING)`, extra ones are listed as `%!(EXTRA type=value, …)`. Throws on any other verb,
 * flag, width or precision, which Herald does not render.
 */
export function goSprintf(format: string, values: readonly TemplateValue[]): string {
  let text = '';
  let next = 0;
  for (let i = 0; i < format.length; i++) {
    const char = format[i] ?? '';
    if (char !== '%') {
      text += char;
      continue;
    }
    const verb = format[++i];
    if (verb === '%') {
      text += '%';
      continue;
    }
    if (verb === undefined) {
      text += '%!(NOVERB)';
      break;
    }
    if (!PRINTF_VERBS.has(verb)) {
      throw new Error(
        `printf: %${verb} is not supported: only %s, %d, %v, %q, %t and %%, without flags or widths`,
      );
    }
    const value = values[next++];
    text += value === undefined ? `%!${verb}(MISSING)` : formatGoValue(value, verb);
  }
  if (next < values.length) {
    const extra = values
      .slice(next)
      .map((value) =>
        value === null ? '<nil>' : `${goTypeName(value)}=${formatGoValue(value, 'v')}`,
      );
    text += `%!(EXTRA ${extra.join(', ')})`;
  }
  return text;
}
