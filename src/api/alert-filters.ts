import { RE2JS } from 're2js';
import type { AlertSpec } from './alert.js';

/** An Alert's message filters, compiled once for the event path. */
export interface AlertFilters {
  inclusion: RE2JS[];
  exclusion: RE2JS[];
}

export interface RegexProblem {
  /** `spec.inclusionList[2]` */
  field: string;
  /** The RE2 syntax error, which quotes the offending part of the expression. */
  error: string;
}

export type CompiledFilters =
  { ok: true; filters: AlertFilters } | { ok: false; problems: RegexProblem[] };

/**
 * Compiles `inclusionList` and `exclusionList` with RE2 (Go's syntax, as Flux): matching takes
 * time linear in the message, so no expression can stall the event path.
 */
export function compileAlertFilters(spec: AlertSpec): CompiledFilters {
  const problems: RegexProblem[] = [];
  const compileList = (list: readonly string[] | undefined, name: string): RE2JS[] =>
    (list ?? []).flatMap((expression, index) => {
      try {
        return [RE2JS.compile(expression)];
      } catch (error) {
        problems.push({
          field: `spec.${name}[${index}]`,
          error: error instanceof Error ? error.message : String(error),
        });
        return [];
      }
    });
  const inclusion = compileList(spec.inclusionList, 'inclusionList');
  const exclusion = compileList(spec.exclusionList, 'exclusionList');
  return problems.length > 0
    ? { ok: false, problems }
    : { ok: true, filters: { inclusion, exclusion } };
}
