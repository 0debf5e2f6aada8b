import { LRUCache } from 'lru-cache';
import { RE2JS } from 're2js';
import type { AlertSpec } from './alert.js';
import { errorMessage } from '../errors/error-message.js';

/** An Alert's message and reason filters, compiled once for the event path. */
export interface AlertFilters {
  inclusion: RE2JS[];
  exclusion: RE2JS[];
  /** Undefined when `inclusionReasons` is absent or empty: every reason is taken. */
  includedReasons?: ReadonlySet<string>;
  excludedReasons?: ReadonlySet<string>;
}

export interface RegexProblem {
  /** `spec.inclusionList[2]` */
  field: string;
  /** The RE2 syntax error, which quotes the offending part of the expression. */
  error: string;
}

export type CompiledFilters =
  { ok: true; filters: AlertFilters } | { ok: false; problems: RegexProblem[] };

/** Compiles an Alert's filters: {@link compileAlertFilters}, or a remembering version of it. */
export type FilterCompiler = (spec: AlertSpec) => CompiledFilters;

/**
 * Compiles `inclusionList` and `exclusionList` with RE2 (Go's syntax, as Flux): matching takes
 * time linear in the message, so no expression can stall the event path.
 */
export function compileAlertFilters(
  spec: AlertSpec,
  compile: (expression: string) => RE2JS = (expression) => RE2JS.compile(expression),
): CompiledFilters {
  const problems: RegexProblem[] = [];
  const compileList = (list: readonly string[] | undefined, name: string): RE2JS[] =>
    (list ?? []).flatMap((expression, index) => {
      try {
        return [compile(expression)];
      } catch (error) {
        problems.push({
          field: `spec.${name}[${index}]`,
          error: errorMessage(error),
        });
        return [];
      }
    });
  const inclusion = compileList(spec.inclusionList, 'inclusionList');
  const exclusion = compileList(spec.exclusionList, 'exclusionList');
  if (problems.length > 0) return { ok: false, problems };
  const filters: AlertFilters = { inclusion, exclusion };
  if (spec.inclusionReasons !== undefined && spec.inclusionReasons.length > 0)
    filters.includedReasons = new Set(spec.inclusionReasons);
  if (spec.exclusionReasons !== undefined && spec.exclusionReasons.length > 0)
    filters.excludedReasons = new Set(spec.exclusionReasons);
  return { ok: true, filters };
}

/**
 * {@link compileAlertFilters} with each expression compiled once: compiling RE2 expressions
 * (twice per Alert: readiness, then the index) was most of the time of a rebuild of the
 * dispatch state, about 65 ms for 1,000 Alerts, and Alerts often share expressions. The
 * least recently used of more than `maxExpressions` are compiled again when next needed.
 */
export function createFilterCompiler(maxExpressions = 10_000): FilterCompiler {
  const compiled = new LRUCache<string, RE2JS | RegexSyntaxError>({ max: maxExpressions });
  const compile = (expression: string): RE2JS => {
    let result = compiled.get(expression);
    if (result === undefined) {
      try {
        result = RE2JS.compile(expression);
      } catch (error) {
        result = new RegexSyntaxError(errorMessage(error));
      }
      compiled.set(expression, result);
    }
    if (result instanceof RegexSyntaxError) throw result;
    return result;
  };
  return (spec) => compileAlertFilters(spec, compile);
}

/** A remembered compile failure, thrown again for each Alert that uses the expression. */
class RegexSyntaxError extends Error {}
