import { apiErrors } from './status-errors.js';

/** One requirement of a label selector, as k8s.io/apimachinery/pkg/labels parses it. */
export type LabelRequirement =
  | { key: string; op: 'exists' | '!exists' }
  | { key: string; op: '=' | '!='; value: string }
  | { key: string; op: 'in' | 'notin'; values: string[] }
  | { key: string; op: 'gt' | 'lt'; value: number };

export type LabelSelector = readonly LabelRequirement[];

const SPECIAL = new Set(['!', '=', ',', '(', ')', '<', '>', ' ', '\t', '\n', '\r']);

type Token = { kind: 'id'; text: string } | { kind: 'op'; text: string } | { kind: 'end' };

function tokenize(input: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < input.length) {
    const c = input.charAt(i);
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
      i++;
      continue;
    }
    const two = input.slice(i, i + 2);
    if (two === '==' || two === '!=') {
      tokens.push({ kind: 'op', text: two });
      i += 2;
      continue;
    }
    if (SPECIAL.has(c)) {
      tokens.push({ kind: 'op', text: c });
      i++;
      continue;
    }
    let j = i;
    while (j < input.length && !SPECIAL.has(input.charAt(j))) j++;
    tokens.push({ kind: 'id', text: input.slice(i, j) });
    i = j;
  }
  tokens.push({ kind: 'end' });
  return tokens;
}

const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
const LABEL_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** Whether key is a qualified name (`[prefix/]name`), as label keys must be. */
export function isQualifiedName(key: string): boolean {
  const slash = key.lastIndexOf('/');
  const name = slash === -1 ? key : key.slice(slash + 1);
  if (slash !== -1) {
    const prefix = key.slice(0, slash);
    if (!prefix || prefix.length > 253 || !DNS_SUBDOMAIN.test(prefix)) return false;
  }
  return name.length > 0 && name.length <= 63 && LABEL_NAME.test(name);
}

export function isLabelValue(value: string): boolean {
  return value.length <= 63 && LABEL_VALUE.test(value);
}

function parseError(detail: string): never {
  throw apiErrors.badRequest(`unable to parse requirement: ${detail}`);
}

/** Parses `a=b,c!=d,e in (f,g),!h,i` into requirements; a bad selector is a 400 like the real server's. */
export function parseLabelSelector(input: string): LabelSelector {
  const tokens = tokenize(input);
  const requirements: LabelRequirement[] = [];
  let pos = 0;
  const peek = (): Token => tokens[pos] ?? { kind: 'end' };
  const next = (): Token => tokens[pos++] ?? { kind: 'end' };
  const checkKey = (key: string): string => {
    if (!isQualifiedName(key))
      parseError(`key: Invalid value: ${JSON.stringify(key)}: name part must be valid`);
    return key;
  };
  const checkValue = (value: string): string => {
    if (!isLabelValue(value))
      parseError(`values[0][value]: Invalid value: ${JSON.stringify(value)}`);
    return value;
  };
  if (peek().kind === 'end') return requirements;
  for (;;) {
    const first = next();
    if (first.kind === 'op' && first.text === '!') {
      const key = next();
      if (key.kind !== 'id')
        parseError(`found '${tokenText(key)}', expected: identifier after '!'`);
      requirements.push({ key: checkKey(key.text), op: '!exists' });
    } else if (first.kind === 'id') {
      const key = checkKey(first.text);
      const op = peek();
      if (op.kind === 'end' || (op.kind === 'op' && op.text === ',')) {
        requirements.push({ key, op: 'exists' });
      } else if (op.kind === 'op' && (op.text === '=' || op.text === '==' || op.text === '!=')) {
        pos++;
        const value = peek();
        let text = '';
        if (value.kind === 'id') {
          text = value.text;
          pos++;
        } else if (!(value.kind === 'end' || value.text === ',')) {
          parseError(`found '${tokenText(value)}', expected: identifier`);
        }
        requirements.push({ key, op: op.text === '!=' ? '!=' : '=', value: checkValue(text) });
      } else if (op.kind === 'op' && (op.text === '>' || op.text === '<')) {
        pos++;
        const value = next();
        const n = value.kind === 'id' ? Number(value.text) : NaN;
        if (!Number.isInteger(n))
          parseError(`for 'Gt', 'Lt' operators, the value must be an integer`);
        requirements.push({ key, op: op.text === '>' ? 'gt' : 'lt', value: n });
      } else if (op.kind === 'id' && (op.text === 'in' || op.text === 'notin')) {
        pos++;
        if (tokenText(next()) !== '(') parseError(`found '${tokenText(peek())}', expected: '('`);
        const values: string[] = [];
        for (;;) {
          const value = next();
          if (value.kind === 'id') values.push(checkValue(value.text));
          const sep = value.kind === 'id' ? next() : value;
          if (tokenText(sep) === ')') break;
          if (tokenText(sep) !== ',')
            parseError(`found '${tokenText(sep)}', expected: ',', ')' or identifier`);
        }
        requirements.push({ key, op: op.text === 'in' ? 'in' : 'notin', values });
      } else {
        parseError(`found '${tokenText(op)}', expected: in, notin, =, ==, !=, gt, lt`);
      }
    } else {
      parseError(`found '${tokenText(first)}', expected: !, identifier, or 'end of string'`);
    }
    const sep = next();
    if (sep.kind === 'end') return requirements;
    if (tokenText(sep) !== ',')
      parseError(`found '${tokenText(sep)}', expected: ',' or 'end of string'`);
  }
}

function tokenText(token: Token): string {
  return token.kind === 'end' ? '' : token.text;
}

export function matchesLabels(
  selector: LabelSelector,
  labels: Readonly<Record<string, string>> | undefined,
): boolean {
  return selector.every((req) => {
    const has = labels !== undefined && Object.hasOwn(labels, req.key);
    const value = has ? labels[req.key] : undefined;
    switch (req.op) {
      case 'exists':
        return has;
      case '!exists':
        return !has;
      case '=':
        return value === req.value;
      case '!=':
        return value !== req.value;
      case 'in':
        return value !== undefined && req.values.includes(value);
      case 'notin':
        return value === undefined || !req.values.includes(value);
      case 'gt':
      case 'lt': {
        const n = value === undefined ? NaN : Number(value);
        if (!Number.isInteger(n)) return false;
        return req.op === 'gt' ? n > req.value : n < req.value;
      }
    }
  });
}

export interface FieldRequirement {
  field: string;
  op: '=' | '!=';
  value: string;
}

export type FieldSelector = readonly FieldRequirement[];

/** Splits on unescaped commas and unescapes `\,` `\=` `\\` as fields.ParseSelector does. */
export function parseFieldSelector(input: string): FieldSelector {
  const terms: string[] = [];
  let current = '';
  for (let i = 0; i < input.length; i++) {
    const c = input.charAt(i);
    if (c === '\\' && i + 1 < input.length) {
      current += c + input.charAt(i + 1);
      i++;
    } else if (c === ',') {
      terms.push(current);
      current = '';
    } else {
      current += c;
    }
  }
  terms.push(current);
  const requirements: FieldRequirement[] = [];
  for (const term of terms) {
    if (term === '') continue;
    const match = /^((?:[^\\=!]|\\.)*)(!=|==|=)(.*)$/.exec(term);
    if (!match)
      throw apiErrors.badRequest(`invalid selector: '${input}'; can't understand '${term}'`);
    const [, field = '', op = '=', rawValue = ''] = match;
    requirements.push({
      field,
      op: op === '!=' ? '!=' : '=',
      value: rawValue.replace(/\\(.)/g, '$1'),
    });
  }
  return requirements;
}

export function matchesFields(
  selector: FieldSelector,
  fields: Readonly<Record<string, string>>,
): boolean {
  return selector.every((req) => {
    const value = fields[req.field] ?? '';
    return req.op === '=' ? value === req.value : value !== req.value;
  });
}

/** Rejects field labels the resource does not index, with the real server's message. */
export function checkFieldLabels(selector: FieldSelector, supported: ReadonlySet<string>): void {
  for (const req of selector) {
    if (!supported.has(req.field))
      throw apiErrors.badRequest(`field label not supported: ${req.field}`);
  }
}
