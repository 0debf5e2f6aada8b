import { Environment, Optional } from '@marcbachmann/cel-js';
import { errorMessage } from '../../errors/error-message.js';

/** What a `spec.commitStatusExpr` sees, each value as its JSON object (Flux: unstructured). */
export interface CommitStatusVariables {
  readonly event: unknown;
  readonly alert: unknown;
  readonly provider: unknown;
}

/** A compiled `spec.commitStatusExpr`: the commit status id for one notification. */
export interface CommitStatusExpression {
  /** Throws an Error saying why when the expression fails or gives no string. */
  evaluate(variables: CommitStatusVariables): string;
}

export type CommitStatusCompilation =
  | { readonly ok: true; readonly expression: CommitStatusExpression }
  | { readonly ok: false; readonly error: string };

/**
 * The calls whose cost is not linear in their input: comprehension macros (a nested `map`
 * over the event message is quadratic) and `matches`, which runs a backtracking JavaScript
 * regular expression. Without them, evaluation costs at most the expression's size times the
 * size of its input.
 */
const REFUSED_CALLS: ReadonlySet<string> = new Set([
  'all',
  'exists',
  'exists_one',
  'map',
  'filter',
  'transformList',
  'transformMap',
  'transformMapEntry',
  'matches',
]);

/** Generous for an id built of a few fields; bounds the work any expression can ask for. */
const MAX_AST_NODES = 1_000;

function createEnvironment(): Environment {
  const firstOrNone = (list: unknown[]) => Optional.of(list[0]);
  const lastOrNone = (list: unknown[]) => Optional.of(list.at(-1));
  return (
    new Environment({ enableOptionalTypes: true, limits: { maxAstNodes: MAX_AST_NODES } })
      .registerVariable('event', 'map')
      .registerVariable('alert', 'map')
      .registerVariable('provider', 'map')
      // cel-go's list extension, which Flux's environment has: `uid.split('-').first().value()`.
      .registerFunction('list.first(): optional<dyn>', firstOrNone)
      .registerFunction('list.last(): optional<dyn>', lastOrNone)
  );
}

const ENVIRONMENT = createEnvironment();

/**
 * Compiles an expression as Flux does (`cel.WithOutputType(string)`): a parse or type error,
 * or a result type that cannot be a string, is refused here, which makes the Provider not
 * Ready. Expressions whose cost could grow faster than their input are refused too.
 */
export function compileCommitStatusExpression(source: string): CommitStatusCompilation {
  let program: ReturnType<Environment['parse']>;
  try {
    program = ENVIRONMENT.parse(source);
  } catch (error) {
    return { ok: false, error: firstLine(errorMessage(error)) };
  }
  const refused = refusedCallIn(program.ast);
  if (refused !== undefined) {
    return {
      ok: false,
      error: `${refused}() is not available: Herald evaluates only expressions whose cost grows linearly with their input`,
    };
  }
  const checked = program.check();
  if (!checked.valid) {
    return { ok: false, error: firstLine(errorMessage(checked.error)) };
  }
  if (checked.type !== 'string' && checked.type !== 'dyn') {
    return { ok: false, error: `the expression gives a ${checked.type}, not a string` };
  }
  return {
    ok: true,
    expression: {
      evaluate(variables) {
        let result: unknown;
        try {
          result = program({ ...variables });
        } catch (error) {
          throw new Error(firstLine(errorMessage(error)));
        }
        if (typeof result !== 'string') {
          throw new Error(`the expression gave a ${typeof result}, not a string`);
        }
        return result;
      },
    },
  };
}

/** The library's messages quote the source with a caret on the lines after the first. */
function firstLine(message: string): string {
  return message.split('\n', 1)[0] ?? message;
}

/** The first call in the tree whose name is refused (AST nodes are `{op, args}`). */
function refusedCallIn(node: unknown): string | undefined {
  if (Array.isArray(node)) {
    for (const child of node) {
      const found = refusedCallIn(child);
      if (found !== undefined) return found;
    }
    return undefined;
  }
  if (typeof node !== 'object' || node === null || !('op' in node) || !('args' in node)) {
    return undefined;
  }
  const { op, args } = node;
  if ((op === 'call' || op === 'rcall') && Array.isArray(args)) {
    const name: unknown = args[0];
    if (typeof name === 'string' && REFUSED_CALLS.has(name)) return name;
  }
  return refusedCallIn(args);
}
