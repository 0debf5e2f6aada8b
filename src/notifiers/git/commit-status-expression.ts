import { CelError, compileCel } from '../../cel/cel.js';
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

/** Generous for an id built of a few fields; bounds the work any expression can ask for. */
const MAX_AST_NODES = 1_000;

/**
 * Compiles an expression as Flux does (`cel.WithOutputType(string)`): a parse or type error,
 * or a result type that cannot be a string, is refused here, which makes the Provider not
 * Ready. It runs for every notification, so comprehension macros, whose cost can grow with the
 * square of the event, are refused too (`matches` runs on RE2, in linear time).
 */
export function compileCommitStatusExpression(source: string): CommitStatusCompilation {
  try {
    const program = compileCel(source, ['event', 'alert', 'provider'], {
      result: 'string',
      linearOnly: true,
      maxAstNodes: MAX_AST_NODES,
    });
    return {
      ok: true,
      expression: { evaluate: (variables) => program.evaluate({ ...variables }) as string },
    };
  } catch (error) {
    if (!(error instanceof CelError)) throw error;
    return { ok: false, error: errorMessage(error) };
  }
}
