/**
 * Kubernetes label selector syntax, as `labels.Parse` of k8s.io/apimachinery reads it: comma
 * separated requirements `key`, `!key`, `key=value`, `key==value`, `key!=value`,
 * `key in (a,b)`, `key notin (a,b)`, `key>1`, `key<1`; the empty selector selects everything.
 *
 * Herald only validates here: it passes the selector text unchanged to the API server (the
 * `labelSelector` parameter of its lists and watches), which parses it with that same code. A
 * bad selector so exits 1 at start, as it does in Flux, instead of failing every list.
 */

/** One requirement of a selector. */
export type LabelRequirement =
  | { readonly key: string; readonly op: 'exists' | '!exists' }
  | { readonly key: string; readonly op: '=' | '!='; readonly value: string }
  | { readonly key: string; readonly op: 'in' | 'notin'; readonly values: readonly string[] }
  | { readonly key: string; readonly op: 'gt' | 'lt'; readonly value: number };

type Token =
  | { readonly kind: 'identifier'; readonly text: string }
  | { readonly kind: 'operator'; readonly text: string }
  | { readonly kind: 'end' };

const WHITESPACE = new Set([' ', '\t', '\n', '\r']);
const SPECIAL = new Set(['!', '=', ',', '(', ')', '<', '>']);
const TWO_CHARACTER_OPERATORS = new Set(['==', '!=']);

function tokenize(input: string): Token[] {
  const tokens: Token[] = [];
  let at = 0;
  while (at < input.length) {
    const char = input.charAt(at);
    if (WHITESPACE.has(char)) {
      at++;
    } else if (TWO_CHARACTER_OPERATORS.has(input.slice(at, at + 2))) {
      tokens.push({ kind: 'operator', text: input.slice(at, at + 2) });
      at += 2;
    } else if (SPECIAL.has(char)) {
      tokens.push({ kind: 'operator', text: char });
      at++;
    } else {
      let end = at;
      while (
        end < input.length &&
        !SPECIAL.has(input.charAt(end)) &&
        !WHITESPACE.has(input.charAt(end))
      )
        end++;
      tokens.push({ kind: 'identifier', text: input.slice(at, end) });
      at = end;
    }
  }
  tokens.push({ kind: 'end' });
  return tokens;
}

/** A label name, and a non-empty label value: at most 63 characters. */
const LABEL_NAME = /^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** `[prefix/]name`: a DNS subdomain prefix of at most 253 characters, a name of at most 63. */
function checkKey(key: string): string {
  const slash = key.indexOf('/');
  const name = slash === -1 ? key : key.slice(slash + 1);
  if (slash !== -1) {
    const prefix = key.slice(0, slash);
    if (prefix.length === 0 || prefix.length > 253 || !DNS_SUBDOMAIN.test(prefix))
      throw new Error(`key "${key}": the prefix must be a DNS subdomain (e.g. example.com)`);
  }
  if (name.length === 0 || name.length > 63 || !LABEL_NAME.test(name))
    throw new Error(
      `key "${key}": the name must be 1 to 63 letters, digits, '-', '_' or '.', starting and ending with a letter or digit`,
    );
  return key;
}

function checkValue(value: string): string {
  if (value !== '' && (value.length > 63 || !LABEL_NAME.test(value)))
    throw new Error(
      `value "${value}": must be empty or 1 to 63 letters, digits, '-', '_' or '.', starting and ending with a letter or digit`,
    );
  return value;
}

function describe(token: Token): string {
  return token.kind === 'end' ? 'the end' : `"${token.text}"`;
}

/** Parses a selector into its requirements; throws an Error saying what is wrong. */
export function parseLabelSelector(input: string): LabelRequirement[] {
  const tokens = tokenize(input);
  let at = 0;
  const peek = (): Token => tokens[at] ?? { kind: 'end' };
  const next = (): Token => tokens[at++] ?? { kind: 'end' };
  const isOperator = (token: Token, text: string): boolean =>
    token.kind === 'operator' && token.text === text;
  const requirements: LabelRequirement[] = [];
  if (peek().kind === 'end') return requirements;
  for (;;) {
    const first = next();
    if (isOperator(first, '!')) {
      const key = next();
      if (key.kind !== 'identifier')
        throw new Error(`found ${describe(key)} after "!", expected a key`);
      requirements.push({ key: checkKey(key.text), op: '!exists' });
    } else if (first.kind === 'identifier') {
      requirements.push(parseRequirement(checkKey(first.text)));
    } else {
      throw new Error(`found ${describe(first)}, expected a key or "!"`);
    }
    const separator = next();
    if (separator.kind === 'end') return requirements;
    if (!isOperator(separator, ','))
      throw new Error(`found ${describe(separator)}, expected "," or the end`);
  }

  function parseRequirement(key: string): LabelRequirement {
    const operator = peek();
    if (operator.kind === 'end' || isOperator(operator, ',')) return { key, op: 'exists' };
    at++;
    if (isOperator(operator, '=') || isOperator(operator, '==') || isOperator(operator, '!=')) {
      const value = peek();
      let text = '';
      if (value.kind === 'identifier') {
        text = value.text;
        at++;
      } else if (!(value.kind === 'end' || isOperator(value, ','))) {
        throw new Error(
          `found ${describe(value)} after "${key}${operator.text}", expected a value`,
        );
      }
      return { key, op: operator.text === '!=' ? '!=' : '=', value: checkValue(text) };
    }
    if (isOperator(operator, '>') || isOperator(operator, '<')) {
      const value = next();
      if (value.kind !== 'identifier' || !/^[+-]?\d+$/.test(value.text))
        throw new Error(`"${key}${operator.text}" needs an integer value`);
      return { key, op: operator.text === '>' ? 'gt' : 'lt', value: Number(value.text) };
    }
    if (operator.kind === 'identifier' && (operator.text === 'in' || operator.text === 'notin')) {
      if (!isOperator(next(), '(')) throw new Error(`"${key} ${operator.text}" needs "(" next`);
      return { key, op: operator.text, values: parseValues(key) };
    }
    throw new Error(
      `found ${describe(operator)} after "${key}", expected one of =, ==, !=, in, notin, >, <`,
    );
  }

  /** The values of `in (…)`/`notin (…)` after the "(": `()` is the one empty value, as in Kubernetes. */
  function parseValues(key: string): string[] {
    const values: string[] = [];
    let expectValue = true;
    for (;;) {
      const token = next();
      if (token.kind === 'identifier' && expectValue) {
        values.push(checkValue(token.text));
        expectValue = false;
      } else if (isOperator(token, ',')) {
        if (expectValue) values.push('');
        expectValue = true;
      } else if (isOperator(token, ')')) {
        if (expectValue) values.push('');
        return [...new Set(values)];
      } else {
        throw new Error(
          `found ${describe(token)} in the values of "${key}", expected a value, "," or ")"`,
        );
      }
    }
  }
}
