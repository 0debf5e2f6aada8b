import { compileCommitStatusExpression } from '../../notifiers/git/commit-status-expression.js';
import { FLUX_PROVIDER_CLASSES } from '../../providers/provider-class.js';
import type { ProviderClass } from '../../providers/provider-class.js';
import type { Provider } from '../provider.js';

/** The types Flux sets commit statuses with, quoted as its CRD's message quotes them. */
const COMMIT_STATUS_TYPES = Object.entries(FLUX_PROVIDER_CLASSES)
  .filter(([, providerClass]) => providerClass === 'git')
  .map(([type]) => `'${type}'`)
  .join(', ');

/**
 * What is wrong with a Provider's `spec.commitStatusExpr`, or undefined: set on a type that
 * sets no commit status (Flux's CRD rule, which local mode cannot rely on an API server for),
 * or not compiling (Flux's Provider reconciler reports the compile error).
 */
export function commitStatusExprProblem(
  provider: Provider,
  providerClass: ProviderClass,
): string | undefined {
  const source = provider.spec.commitStatusExpr;
  if (source === undefined) return undefined;
  if (providerClass !== 'git') {
    return `spec.commitStatusExpr is only supported for the ${COMMIT_STATUS_TYPES} provider types`;
  }
  const compiled = compileCommitStatusExpression(source);
  return compiled.ok ? undefined : `spec.commitStatusExpr does not compile: ${compiled.error}`;
}
