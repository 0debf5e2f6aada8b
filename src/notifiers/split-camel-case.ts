type CharClass = 'lower' | 'upper' | 'digit' | 'other';

function classOf(char: string): CharClass {
  if (/\p{Ll}/u.test(char)) return 'lower';
  if (/\p{Lu}/u.test(char)) return 'upper';
  if (/\p{Nd}/u.test(char)) return 'digit';
  return 'other';
}

/**
 * The words of a CamelCase identifier as Flux splits an event's reason (fatih/camelcase), for
 * PagerDuty and commit-status descriptions
 * (`ReconciliationSucceeded` → `Reconciliation`, `Succeeded`; `PDFLoader` → `PDF`, `Loader`):
 * runs of lower-case letters, upper-case letters, digits and anything else, with the last
 * capital of an upper-case run moved to the lower-case run after it.
 */
export function splitCamelCase(text: string): string[] {
  const runs: string[][] = [];
  let lastClass: CharClass | undefined;
  for (const char of text) {
    const charClass = classOf(char);
    const current = runs.at(-1);
    if (charClass === lastClass && current !== undefined) current.push(char);
    else runs.push([char]);
    lastClass = charClass;
  }
  for (let i = 0; i < runs.length - 1; i++) {
    const run = runs[i] ?? [];
    const next = runs[i + 1] ?? [];
    if (classOf(run[0] ?? '') === 'upper' && classOf(next[0] ?? '') === 'lower') {
      const moved = run.pop();
      if (moved !== undefined) next.unshift(moved);
    }
  }
  return runs.filter((run) => run.length > 0).map((run) => run.join(''));
}
