import type { FluxEvent } from '../../api/event.js';

/** `kind/name` of the involved object, lowercased: the name Flux gives a status. */
export function commitStatusName(event: FluxEvent): string {
  return `${event.involvedObject.kind}/${event.involvedObject.name}`.toLowerCase();
}

/** The reason split at its camel-case humps, lowercased: `ReconciliationSucceeded` → `reconciliation succeeded`. */
export function commitStatusDescription(event: FluxEvent): string {
  return splitCamelCase(event.reason).join(' ').toLowerCase();
}

type CharClass = 'lower' | 'upper' | 'digit' | 'other';

function classOf(char: string): CharClass {
  if (/\p{Ll}/u.test(char)) return 'lower';
  if (/\p{Lu}/u.test(char)) return 'upper';
  if (/\p{Nd}/u.test(char)) return 'digit';
  return 'other';
}

/**
 * Flux's camel-case split (fatih/camelcase): runs of one character class, then the last
 * capital of an upper-case run moves to the lower-case run after it (`PDFLoader` → `PDF`,
 * `Loader`). Other characters form runs of their own, spaces included.
 */
export function splitCamelCase(text: string): string[] {
  const runs: string[][] = [];
  let last: CharClass | undefined;
  for (const char of text) {
    const kind = classOf(char);
    const current = runs.at(-1);
    if (kind === last && current !== undefined) current.push(char);
    else runs.push([char]);
    last = kind;
  }
  for (let i = 0; i < runs.length - 1; i++) {
    const run = runs[i] ?? [];
    const next = runs[i + 1] ?? [];
    const head = run[0];
    const nextHead = next[0];
    if (head === undefined || nextHead === undefined) continue;
    if (classOf(head) === 'upper' && classOf(nextHead) === 'lower') {
      const moved = run.pop();
      if (moved !== undefined) next.unshift(moved);
    }
  }
  return runs.filter((run) => run.length > 0).map((run) => run.join(''));
}
