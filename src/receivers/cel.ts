import { Environment } from '@marcbachmann/cel-js';
import { RE2JS } from 're2js';
import { HeraldError } from '../errors/herald-error.js';
import { errorMessage } from '../errors/error-message.js';

/**
 * The one place Herald evaluates CEL (a Receiver's resourceFilter, generic-oidc's claim rules).
 * The library is sandboxed (no prototype or host access) and walks the expression once per
 * evaluation; its `matches` uses JavaScript's backtracking RegExp, which a crafted request body
 * could make run for minutes, so every `matches` call is rewritten to RE2 (linear time), as CEL
 * specifies RE2 anyway.
 */

export class CelError extends HeraldError {
  constructor(message: string, options?: ErrorOptions) {
    super('HERALD_CEL_INVALID', message, options);
  }
}

export class CelEvaluationError extends HeraldError {
  constructor(message: string, options?: ErrorOptions) {
    super('HERALD_CEL_EVALUATION_FAILED', message, options);
  }
}

/** A compiled expression; `evaluate` throws a CelEvaluationError naming what failed. */
export interface CelProgram {
  evaluate(variables: Readonly<Record<string, unknown>>): unknown;
}

const RE2_MATCHES = 'matchesRe2';
/** Bounds the pattern cache: patterns come from manifests, inputs from requests. */
const MAX_CACHED_PATTERNS = 256;
const patterns = new Map<string, RE2JS>();

function re2(pattern: string): RE2JS {
  let compiled = patterns.get(pattern);
  if (compiled === undefined) {
    compiled = RE2JS.compile(pattern);
    if (patterns.size >= MAX_CACHED_PATTERNS) patterns.clear();
    patterns.set(pattern, compiled);
  }
  return compiled;
}

/** Each variable is a map (JSON objects); the result type is checked by the caller. */
function environment(variables: readonly string[]): Environment {
  const env = new Environment({ homogeneousAggregateLiterals: false }).registerFunction(
    `string.${RE2_MATCHES}(string): bool`,
    (text: string, pattern: string) => re2(pattern).matcher(text).find(),
  );
  for (const name of variables) env.registerVariable(name, 'map');
  return env;
}

interface AstNode {
  op?: unknown;
  args?: unknown;
}

/** Renames calls of `matches` (receiver or global form) in place; returns how many remain. */
function routeMatchesToRe2(node: unknown): number {
  if (Array.isArray(node)) return node.reduce<number>((n, item) => n + routeMatchesToRe2(item), 0);
  if (typeof node !== 'object' || node === null) return 0;
  const { op, args } = node as AstNode;
  let left = 0;
  if ((op === 'rcall' || op === 'call') && Array.isArray(args) && args[0] === 'matches') {
    args[0] = RE2_MATCHES;
  }
  for (const value of Object.values(node)) left += routeMatchesToRe2(value);
  if ((op === 'rcall' || op === 'call') && Array.isArray(args) && args[0] === 'matches') left++;
  return left;
}

/**
 * Compiles `expression` over map `variables`; `bool` also requires it to give a bool (a `dyn`
 * result is checked again at each evaluation). Throws a CelError saying what is wrong.
 */
export function compileCel(
  expression: string,
  variables: readonly string[],
  result: 'bool' | 'any' = 'any',
): CelProgram {
  const env = environment(variables);
  let parsed: ReturnType<Environment['parse']>;
  try {
    parsed = env.parse(expression);
  } catch (error) {
    throw new CelError(`invalid CEL expression: ${firstLine(error)}`, { cause: error });
  }
  if (routeMatchesToRe2(parsed.ast) > 0) {
    throw new CelError('invalid CEL expression: matches() could not be bound to RE2');
  }
  const checked = parsed.check();
  if (!checked.valid) {
    throw new CelError(`invalid CEL expression: ${firstLine(checked.error)}`);
  }
  if (result === 'bool' && checked.type !== 'bool' && checked.type !== 'dyn') {
    throw new CelError(`the CEL expression must give a bool, not ${String(checked.type)}`);
  }
  return {
    evaluate(values) {
      let value: unknown;
      try {
        value = parsed(values);
      } catch (error) {
        throw new CelEvaluationError(firstLine(error), { cause: error });
      }
      if (result === 'bool' && typeof value !== 'boolean') {
        throw new CelEvaluationError(`the CEL expression gave ${typeof value}, not a bool`);
      }
      return value;
    },
  };
}

function firstLine(error: unknown): string {
  return (errorMessage(error).split('\n')[0] ?? '').trim();
}
