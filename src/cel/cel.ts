import { Environment, Optional } from '@marcbachmann/cel-js';
import { RE2JS } from 're2js';
import { HeraldError } from '../errors/herald-error.js';
import { errorMessage } from '../errors/error-message.js';

/**
 * The one place Herald evaluates CEL: a Receiver's resourceFilter, generic-oidc's claim rules,
 * a git Provider's commitStatusExpr. The library is sandboxed (no prototype or host access)
 * and walks the expression once per evaluation; its `matches` uses JavaScript's backtracking
 * RegExp, which a crafted input could make run for minutes, so every `matches` call is
 * rewritten to RE2 (linear time), as CEL specifies RE2 anyway.
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

export interface CelOptions {
  /** The type the expression must give (a `dyn` result is checked at each evaluation). */
  readonly result?: 'bool' | 'string' | 'any';
  /**
   * Refuse comprehension macros (`map`, `exists`…), whose cost can grow with the square of
   * their input, where an expression runs for every notification.
   */
  readonly linearOnly?: boolean;
  /** The most syntax-tree nodes an expression may have. */
  readonly maxAstNodes?: number;
}

/** The comprehension macros and their cel-js spellings. */
const COMPREHENSIONS: ReadonlySet<string> = new Set([
  'all',
  'exists',
  'exists_one',
  'map',
  'filter',
  'transformList',
  'transformMap',
  'transformMapEntry',
]);

const RE2_MATCHES = 'matchesRe2';
/** Bounds the pattern cache: patterns come from manifests, inputs from requests. */
const MAX_CACHED_PATTERNS = 256;
const DEFAULT_MAX_AST_NODES = 10_000;
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

/**
 * Each variable is a map (JSON objects); cel-go's list extension (`first()`, `last()`), which
 * Flux's environments have, and optional types for their results.
 */
function environment(variables: readonly string[], maxAstNodes: number): Environment {
  const env = new Environment({
    homogeneousAggregateLiterals: false,
    enableOptionalTypes: true,
    limits: { maxAstNodes },
  })
    .registerFunction(`string.${RE2_MATCHES}(string): bool`, (text: string, pattern: string) =>
      re2(pattern).matcher(text).find(),
    )
    .registerFunction('list.first(): optional<dyn>', (list: unknown[]) => Optional.of(list[0]))
    .registerFunction('list.last(): optional<dyn>', (list: unknown[]) => Optional.of(list.at(-1)));
  for (const name of variables) env.registerVariable(name, 'map');
  return env;
}

interface AstNode {
  op?: unknown;
  args?: unknown;
}

/** The name of a call node (`{op: 'call' | 'rcall', args: [name, …]}`), else undefined. */
function callName(node: AstNode): string | undefined {
  const { op, args } = node;
  if ((op !== 'rcall' && op !== 'call') || !Array.isArray(args)) return undefined;
  const name: unknown = args[0];
  return typeof name === 'string' ? name : undefined;
}

/** Renames calls of `matches` (receiver or global form) in place; returns how many remain. */
function routeMatchesToRe2(node: unknown): number {
  if (Array.isArray(node)) return node.reduce<number>((n, item) => n + routeMatchesToRe2(item), 0);
  if (typeof node !== 'object' || node === null) return 0;
  const call = node as AstNode;
  if (callName(call) === 'matches' && Array.isArray(call.args)) call.args[0] = RE2_MATCHES;
  let left = 0;
  for (const value of Object.values(node)) left += routeMatchesToRe2(value);
  if (callName(call) === 'matches') left++;
  return left;
}

/** The first comprehension macro in the tree, if any. */
function comprehensionIn(node: unknown): string | undefined {
  if (Array.isArray(node)) {
    for (const child of node) {
      const found = comprehensionIn(child);
      if (found !== undefined) return found;
    }
    return undefined;
  }
  if (typeof node !== 'object' || node === null) return undefined;
  const name = callName(node);
  if (name !== undefined && COMPREHENSIONS.has(name)) return name;
  for (const value of Object.values(node)) {
    const found = comprehensionIn(value);
    if (found !== undefined) return found;
  }
  return undefined;
}

/**
 * Compiles `expression` over map `variables`. Throws a CelError saying what is wrong: a parse
 * or type error, a refused macro, or a result type that cannot be the one asked for.
 */
export function compileCel(
  expression: string,
  variables: readonly string[],
  options: CelOptions = {},
): CelProgram {
  const { result = 'any', linearOnly = false, maxAstNodes = DEFAULT_MAX_AST_NODES } = options;
  const env = environment(variables, maxAstNodes);
  let parsed: ReturnType<Environment['parse']>;
  try {
    parsed = env.parse(expression);
  } catch (error) {
    throw new CelError(firstLine(error), { cause: error });
  }
  const refused = linearOnly ? comprehensionIn(parsed.ast) : undefined;
  if (refused !== undefined) {
    throw new CelError(
      `${refused}() is not available: Herald evaluates only expressions whose cost grows linearly with their input`,
    );
  }
  if (routeMatchesToRe2(parsed.ast) > 0) {
    throw new CelError('matches() could not be bound to RE2');
  }
  const checked = parsed.check();
  if (!checked.valid) throw new CelError(firstLine(checked.error));
  if (result !== 'any' && checked.type !== result && checked.type !== 'dyn') {
    throw new CelError(`the expression gives a ${String(checked.type)}, not a ${result}`);
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
        throw new CelEvaluationError(`the expression gave a ${typeof value}, not a bool`);
      }
      if (result === 'string' && typeof value !== 'string') {
        throw new CelEvaluationError(`the expression gave a ${typeof value}, not a string`);
      }
      return value;
    },
  };
}

/** The library's messages quote the source with a caret on the lines after the first. */
function firstLine(error: unknown): string {
  return (errorMessage(error).split('\n')[0] ?? '').trim();
}
