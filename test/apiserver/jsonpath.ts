import { isJsonObject, type JsonValue } from './json.js';

/**
 * The subset of Kubernetes JSONPath that printer columns use: `.a.b`, `['a.b']`, `[0]`, `[*]`,
 * `..a` and filters `[?(@.type=="Ready")]`. Missing keys give no result, as with AllowMissingKeys.
 */
type Step =
  | { kind: 'field'; name: string }
  | { kind: 'recursive'; name: string }
  | { kind: 'index'; index: number }
  | { kind: 'wildcard' }
  | {
      kind: 'filter';
      path: string[];
      op: '==' | '!=' | '<' | '>' | '<=' | '>=' | 'exists';
      literal: JsonValue;
    };

export class JsonPathError extends Error {
  readonly code = 'APISERVER_JSONPATH_INVALID';
}

export function compileJsonPath(expression: string): (data: JsonValue) => JsonValue[] {
  const steps = parseSteps(expression.replace(/^\{(.*)\}$/s, '$1').trim());
  return (data) => evaluate(steps, [data]);
}

function parseSteps(path: string): Step[] {
  const steps: Step[] = [];
  let i = path.startsWith('$') ? 1 : 0;
  while (i < path.length) {
    if (path.startsWith('..', i)) {
      const end = nameEnd(path, i + 2);
      steps.push({ kind: 'recursive', name: path.slice(i + 2, end) });
      i = end;
    } else if (path[i] === '.') {
      const end = nameEnd(path, i + 1);
      const name = path.slice(i + 1, end);
      if (name === '*') steps.push({ kind: 'wildcard' });
      else if (name) steps.push({ kind: 'field', name });
      i = end;
    } else if (path[i] === '[') {
      const close = bracketEnd(path, i);
      steps.push(parseBracket(path.slice(i + 1, close).trim()));
      i = close + 1;
    } else {
      const end = nameEnd(path, i);
      if (end === i) throw new JsonPathError(`unrecognized character in ${path} at ${i}`);
      steps.push({ kind: 'field', name: path.slice(i, end) });
      i = end;
    }
  }
  return steps;
}

function nameEnd(path: string, from: number): number {
  let i = from;
  while (i < path.length && path[i] !== '.' && path[i] !== '[') i++;
  return i;
}

function bracketEnd(path: string, open: number): number {
  let depth = 0;
  let quote: string | undefined;
  for (let i = open; i < path.length; i++) {
    const c = path[i];
    if (quote) {
      if (c === quote) quote = undefined;
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '[') depth++;
    else if (c === ']' && --depth === 0) return i;
  }
  throw new JsonPathError(`unterminated [ in ${path}`);
}

function parseBracket(inner: string): Step {
  if (inner === '*') return { kind: 'wildcard' };
  if (/^-?\d+$/.test(inner)) return { kind: 'index', index: Number(inner) };
  const quoted = /^(['"])(.*)\1$/s.exec(inner);
  if (quoted) return { kind: 'field', name: quoted[2] ?? '' };
  const filter = /^\?\((.*)\)$/s.exec(inner);
  if (!filter) throw new JsonPathError(`unsupported JSONPath subscript [${inner}]`);
  const expr = (filter[1] ?? '').trim();
  const comparison = /^@((?:\.[^.\s=!<>]+)*)\s*(==|!=|<=|>=|<|>)\s*(.+)$/s.exec(expr);
  if (comparison) {
    return {
      kind: 'filter',
      path: splitPath(comparison[1] ?? ''),
      op: comparison[2] as '==' | '!=' | '<' | '>' | '<=' | '>=',
      literal: parseLiteral((comparison[3] ?? '').trim()),
    };
  }
  const exists = /^@((?:\.[^.\s]+)+)$/.exec(expr);
  if (exists)
    return { kind: 'filter', path: splitPath(exists[1] ?? ''), op: 'exists', literal: null };
  throw new JsonPathError(`unsupported JSONPath filter ${expr}`);
}

function splitPath(dotted: string): string[] {
  return dotted.split('.').filter((p) => p !== '');
}

function parseLiteral(text: string): JsonValue {
  const quoted = /^(['"])(.*)\1$/s.exec(text);
  if (quoted) return quoted[2] ?? '';
  if (text === 'true' || text === 'false') return text === 'true';
  const n = Number(text);
  if (!Number.isNaN(n)) return n;
  throw new JsonPathError(`unsupported JSONPath literal ${text}`);
}

function evaluate(steps: readonly Step[], start: JsonValue[]): JsonValue[] {
  let current = start;
  for (const step of steps) current = current.flatMap((value) => applyStep(step, value));
  return current;
}

function applyStep(step: Step, value: JsonValue): JsonValue[] {
  switch (step.kind) {
    case 'field': {
      if (!isJsonObject(value)) return [];
      const member = value[step.name];
      return member === undefined ? [] : [member];
    }
    case 'recursive':
      return collectRecursive(step.name, value);
    case 'index': {
      if (!Array.isArray(value)) return [];
      const item = value.at(step.index);
      return item === undefined ? [] : [item];
    }
    case 'wildcard':
      if (Array.isArray(value)) return value;
      if (isJsonObject(value))
        return Object.values(value).filter((v): v is JsonValue => v !== undefined);
      return [];
    case 'filter': {
      const items = Array.isArray(value) ? value : [value];
      return items.filter((item) => filterMatches(step, item));
    }
  }
}

function collectRecursive(name: string, value: JsonValue): JsonValue[] {
  const found: JsonValue[] = [];
  const visit = (v: JsonValue): void => {
    if (Array.isArray(v)) v.forEach(visit);
    else if (isJsonObject(v)) {
      const member = v[name];
      if (member !== undefined) found.push(member);
      for (const child of Object.values(v)) if (child !== undefined) visit(child);
    }
  };
  visit(value);
  return found;
}

function filterMatches(step: Extract<Step, { kind: 'filter' }>, item: JsonValue): boolean {
  let target: JsonValue | undefined = item;
  for (const key of step.path) target = isJsonObject(target) ? target[key] : undefined;
  if (step.op === 'exists') return target !== undefined;
  if (target === undefined) return false;
  const { literal } = step;
  switch (step.op) {
    case '==':
      return target === literal;
    case '!=':
      return target !== literal;
    case '<':
    case '>':
    case '<=':
    case '>=':
      if (typeof target !== 'number' || typeof literal !== 'number') return false;
      if (step.op === '<') return target < literal;
      if (step.op === '>') return target > literal;
      if (step.op === '<=') return target <= literal;
      return target >= literal;
  }
}
