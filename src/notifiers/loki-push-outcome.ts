import type { LokiEntry } from './loki-entry.js';
import type { LokiRefusal, LokiRejection, LokiRejections } from './loki-rejection.js';

/** What became of one entry of a push Loki answered with a 400. */
export type LokiEntryOutcome =
  | { readonly kind: 'stored' }
  | { readonly kind: 'refused'; readonly refusal: LokiRefusal }
  /** Loki's answer does not say. */
  | { readonly kind: 'unknown' };

const NANOS_PER_SECOND = 1_000_000_000n;

/**
 * Matches what Loki says it refused back to the entries of the push, by stream labels and
 * timestamp; the entries it does not name were stored when its answer covers them. Returns
 * undefined when the answer does not fit the push (a refusal that matches no entry, or more
 * refused than match): then nothing can be told apart.
 *
 * An entry older than the oldest time Loki gives is refused as well, named or not: that limit
 * holds for the whole push, and older Loki versions named only one refused entry.
 */
export function lokiPushOutcomes(
  entries: readonly LokiEntry[],
  answer: LokiRejections,
): LokiEntryOutcome[] | undefined {
  const times = entries.map((entry) => BigInt(entry.timestampNs));
  const outcomes: LokiEntryOutcome[] = entries.map(() => ({ kind: 'unknown' }));
  for (const rejection of answer.rejections) {
    const candidates = streamMatches(entries, rejection.labels).filter((index) =>
      sameTime(times[index] ?? 0n, rejection),
    );
    if (candidates.length < rejection.count) return undefined;
    // Several entries within the second Loki printed: each may be the refused one.
    for (const index of candidates)
      outcomes[index] = { kind: 'refused', refusal: rejection.refusal };
  }
  for (const rejection of answer.rejections) {
    const { refusal } = rejection;
    if (refusal.kind !== 'too-old' || refusal.oldestAcceptableNs === undefined) continue;
    const oldest = refusal.oldestAcceptableNs;
    times.forEach((time, index) => {
      if (time < oldest) outcomes[index] = { kind: 'refused', refusal };
    });
  }
  const { covers } = answer;
  const storedUnlessNamed =
    covers === 'push'
      ? entries.map(() => true)
      : entries.map(
          (_, index) => covers.complete && streamMatches(entries, covers.stream).includes(index),
        );
  return outcomes.map((outcome, index) =>
    outcome.kind === 'unknown' && storedUnlessNamed[index] === true ? { kind: 'stored' } : outcome,
  );
}

/**
 * The entries of the stream Loki printed: those whose labels it holds, preferring the entries
 * with the most labels (Loki may add labels such as `service_name`, so a stream of fewer labels
 * would match as well).
 */
function streamMatches(
  entries: readonly LokiEntry[],
  labels: ReadonlyMap<string, string>,
): number[] {
  const matching = entries.flatMap((entry, index) =>
    Object.entries(entry.labels).every(([name, value]) => labels.get(name) === value)
      ? [index]
      : [],
  );
  const size = (index: number) => Object.keys(entries[index]?.labels ?? {}).length;
  const most = Math.max(0, ...matching.map(size));
  return matching.filter((index) => size(index) === most);
}

function sameTime(timeNs: bigint, rejection: LokiRejection): boolean {
  return rejection.precision === 'nanosecond'
    ? timeNs === rejection.timeNs
    : timeNs / NANOS_PER_SECOND === rejection.timeNs / NANOS_PER_SECOND;
}
