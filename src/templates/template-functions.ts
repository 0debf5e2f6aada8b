import { goToLower } from '../notifiers/go-to-lower.js';
import { goToUpper } from '../notifiers/go-to-upper.js';
import { goQuote } from '../notifiers/go-quote.js';
import { formatGoValue, goSprint, goSprintf, goSprintln } from './go-format.js';
import {
  GoFloat,
  GoMap,
  GoStruct,
  NO_VALUE,
  goTypeName,
  isList,
  isTruthy,
  type TemplateValue,
} from './template-value.js';

/** A function whose arguments are all evaluated before the call. */
interface EagerFunction {
  readonly lazy: false;
  readonly call: (args: readonly TemplateValue[]) => TemplateValue;
}

/** `and` and `or`: each argument is evaluated only when needed, as Go does since 1.18. */
interface LazyFunction {
  readonly lazy: true;
  readonly call: (args: readonly (() => TemplateValue)[]) => TemplateValue;
}

export type TemplateFunction = EagerFunction | LazyFunction;

/** Go's `unicode.IsSpace`, which `strings.TrimSpace` trims. */
const GO_SPACE = '[\\t\\n\\v\\f\\r\\u0085\\p{Z}]+';
const LEADING_SPACE = new RegExp(`^${GO_SPACE}`, 'u');
const TRAILING_SPACE = new RegExp(`${GO_SPACE}$`, 'u');

function arity(name: string, args: readonly unknown[], min: number, max = min): void {
  if (args.length >= min && args.length <= max) return;
  const want = max === Infinity ? `at least ${String(min)}` : String(min);
  throw new Error(`wrong number of args for ${name}: want ${want} got ${String(args.length)}`);
}

/** A `string` parameter: Go converts nothing, and a missing value is no string. */
function stringArg(value: TemplateValue | undefined): string {
  if (typeof value === 'string') return value;
  if (value === NO_VALUE || value === null || value === undefined)
    throw new Error('invalid value; expected string');
  throw new Error(`wrong type for value; expected string; got ${goTypeName(value)}`);
}

function intArg(value: TemplateValue | undefined): number {
  if (typeof value === 'number') return value;
  if (value === NO_VALUE || value === null || value === undefined)
    throw new Error('invalid value; expected int');
  throw new Error(`wrong type for value; expected int; got ${goTypeName(value)}`);
}

/** An `interface{}` parameter: no value arrives as nil. */
function anyArg(value: TemplateValue): TemplateValue {
  return value === NO_VALUE ? null : value;
}

function strings(name: string, count: number, apply: (...args: string[]) => TemplateValue) {
  return eager((args) => {
    arity(name, args, count);
    return apply(...args.map(stringArg));
  });
}

/**
 * `and` (stops at the first false argument) and `or` (at the first true one): the argument it
 * stopped at, else the last, as Go's.
 */
function shortCircuit(name: string, stopAt: boolean): LazyFunction {
  return {
    lazy: true,
    call: (args) => {
      arity(name, args, 1, Infinity);
      let value: TemplateValue = null;
      for (const arg of args) {
        value = arg();
        if (isTruthy(value) === stopAt) return value;
      }
      return value;
    },
  };
}

function eager(call: EagerFunction['call']): EagerFunction {
  return { lazy: false, call };
}

/** Go's basic kinds, which the comparison functions compare. */
type BasicKind = 'bool' | 'int' | 'float' | 'string';

function basicKind(value: TemplateValue): BasicKind | undefined {
  if (typeof value === 'boolean') return 'bool';
  if (typeof value === 'number') return 'int';
  if (typeof value === 'string') return 'string';
  if (value instanceof GoFloat) return 'float';
  return undefined;
}

function scalar(value: TemplateValue): string | number | boolean {
  return value instanceof GoFloat ? value.value : (value as string | number | boolean);
}

/** Go's `eq`: true when the first argument equals any of the others. */
function goEquals(first: TemplateValue, others: readonly TemplateValue[]): boolean {
  if (others.length === 0) throw new Error('missing argument for comparison');
  const kind = basicKind(first);
  return others.some((other) => {
    const otherKind = basicKind(other);
    const missing = (value: TemplateValue) => value === null || value === NO_VALUE;
    if (missing(first) || missing(other)) return missing(first) && missing(other);
    if (kind === undefined || otherKind === undefined) throw new Error('non-comparable type');
    if (kind !== otherKind) throw new Error('incompatible types for comparison');
    return scalar(first) === scalar(other);
  });
}

function goLess(a: TemplateValue, b: TemplateValue): boolean {
  const kind = basicKind(a);
  if (kind === undefined || kind === 'bool') throw new Error('invalid type for comparison');
  if (kind !== basicKind(b)) throw new Error('incompatible types for comparison');
  const [x, y] = [scalar(a), scalar(b)];
  return kind === 'string'
    ? Buffer.compare(Buffer.from(String(x)), Buffer.from(String(y))) < 0
    : x < y;
}

function compare(name: string, decide: (a: TemplateValue, b: TemplateValue) => boolean) {
  return eager((args) => {
    arity(name, args, 2);
    const [a = null, b = null] = args;
    return decide(a, b);
  });
}

/** Go's `len`: bytes of a string, entries of a map, items of a list. */
function goLength(value: TemplateValue): number {
  if (typeof value === 'string') return Buffer.byteLength(value, 'utf8');
  if (value instanceof GoMap) return value.entries.size;
  if (isList(value)) return value.length;
  throw new Error(`len of type ${goTypeName(value)}`);
}

/** Go's `index`: a map's value by key (`""` when missing), a list's item by position. */
function goIndex(item: TemplateValue, keys: readonly TemplateValue[]): TemplateValue {
  let current = item;
  for (const key of keys) {
    if (current instanceof GoMap) {
      if (typeof key !== 'string')
        throw new Error(`value has type ${goTypeName(key)}; should be string`);
      current = current.entries.get(key) ?? '';
    } else if (isList(current)) {
      const list = current;
      if (typeof key !== 'number')
        throw new Error(`cannot index slice/array with type ${goTypeName(key)}`);
      if (key < 0 || key >= list.length) throw new Error(`index out of range: ${String(key)}`);
      current = list[key] ?? null;
    } else if (current === null || current === NO_VALUE) {
      throw new Error('index of untyped nil');
    } else {
      throw new Error(`can't index item of type ${goTypeName(current)}`);
    }
  }
  return current;
}

/** Sprig's `empty`, which `default` tests its value with. */
function isEmpty(value: TemplateValue): boolean {
  if (value instanceof GoStruct) return false;
  return !isTruthy(value);
}

/** `trunc n s`: the first n characters, or with n < 0 the last -n (by character, not byte). */
function truncate(count: number, text: string): string {
  const chars = Array.from(text);
  if (count < 0)
    return chars.length + count > 0 ? chars.slice(chars.length + count).join('') : text;
  return chars.length > count ? chars.slice(0, count).join('') : text;
}

/**
 * The functions a message template may call: Go's builtins but `call`, `html`, `js`,
 * `urlquery` and `slice`, and a few of Sprig's hermetic string functions that Flux's image
 * automation templates also have. None reaches beyond its arguments.
 */
export const TEMPLATE_FUNCTIONS: ReadonlyMap<string, TemplateFunction> = new Map<
  string,
  TemplateFunction
>([
  ['and', shortCircuit('and', false)],
  ['or', shortCircuit('or', true)],
  [
    'not',
    eager((args) => {
      arity('not', args, 1);
      return !isTruthy(args[0] ?? null);
    }),
  ],
  [
    'len',
    eager((args) => {
      arity('len', args, 1);
      return goLength(args[0] ?? null);
    }),
  ],
  [
    'index',
    eager((args) => {
      arity('index', args, 1, Infinity);
      return goIndex(args[0] ?? null, args.slice(1));
    }),
  ],
  [
    'eq',
    eager((args) => {
      arity('eq', args, 1, Infinity);
      return goEquals(args[0] ?? null, args.slice(1));
    }),
  ],
  ['ne', compare('ne', (a, b) => !goEquals(a, [b]))],
  ['lt', compare('lt', goLess)],
  ['le', compare('le', (a, b) => goLess(a, b) || goEquals(a, [b]))],
  ['gt', compare('gt', (a, b) => !goLess(a, b) && !goEquals(a, [b]))],
  ['ge', compare('ge', (a, b) => !goLess(a, b))],
  ['print', eager((args) => goSprint(args.map(anyArg)))],
  [
    'printf',
    eager((args) => {
      arity('printf', args, 1, Infinity);
      return goSprintf(stringArg(args[0]), args.slice(1).map(anyArg));
    }),
  ],
  ['println', eager((args) => goSprintln(args.map(anyArg)))],
  ['lower', strings('lower', 1, goToLower)],
  ['upper', strings('upper', 1, goToUpper)],
  [
    'trim',
    strings('trim', 1, (text) => text.replace(LEADING_SPACE, '').replace(TRAILING_SPACE, '')),
  ],
  [
    'trimPrefix',
    strings('trimPrefix', 2, (prefix, text) =>
      text.startsWith(prefix) ? text.slice(prefix.length) : text,
    ),
  ],
  [
    'trimSuffix',
    strings('trimSuffix', 2, (suffix, text) =>
      suffix !== '' && text.endsWith(suffix) ? text.slice(0, -suffix.length) : text,
    ),
  ],
  ['replace', strings('replace', 3, (old, by, text) => text.replaceAll(old, by))],
  ['contains', strings('contains', 2, (part, text) => text.includes(part))],
  ['hasPrefix', strings('hasPrefix', 2, (prefix, text) => text.startsWith(prefix))],
  ['hasSuffix', strings('hasSuffix', 2, (suffix, text) => text.endsWith(suffix))],
  [
    'default',
    eager((args) => {
      arity('default', args, 1, 2);
      const [fallback = null, given = null] = args.map(anyArg);
      return args.length < 2 || isEmpty(given) ? fallback : given;
    }),
  ],
  [
    'quote',
    eager((args) =>
      args
        .map(anyArg)
        .filter((value) => value !== null)
        .map((value) => goQuote(typeof value === 'string' ? value : formatGoValue(value, 'v')))
        .join(' '),
    ),
  ],
  [
    'trunc',
    eager((args) => {
      arity('trunc', args, 2);
      return truncate(intArg(args[0]), stringArg(args[1]));
    }),
  ],
]);
