// Rebuilding the dispatch state (readiness, filters, index), as the reconciler does on every
// Alert/Provider change: with the filter compiler Herald runs, beside compiling every
// expression every time (the baseline), measured in one run.
import { createFilterCompiler, type FilterCompiler } from '../src/api/alert-filters.js';
import type { ObjectSet } from '../src/api/readiness/readiness.js';
import type { Notifier } from '../src/notifiers/notifier.js';
import { buildDispatchState } from '../src/pipeline/dispatch-state-builder.js';
import { alert, provider } from '../test/support/api-objects.js';
import { printTable, writeResults } from './report.js';

const REBUILDS = 5;
const notifier: Notifier = { post: () => Promise.resolve(), close: () => Promise.resolve() };

/** `count` Alerts over 20 Providers, each with an expression of its own and two shared ones. */
function objectSet(count: number): ObjectSet {
  const providers = Array.from({ length: 20 }, (_, i) =>
    provider(`p${i}`, { type: 'generic', address: 'http://127.0.0.1:1/hook' }),
  );
  const alerts = Array.from({ length: count }, (_, i) =>
    alert(`a${i}`, {
      providerRef: { name: `p${i % 20}` },
      eventSources: [{ kind: 'Kustomization', name: '*' }],
      inclusionList: [`^app-${i} .*(succeeded|failed)`, '(?i)health'],
      exclusionList: ['waiting.*socket'],
    }),
  );
  return { alerts, providers, secrets: [] };
}

/** Milliseconds of the first rebuild, and the mean of the next {@link REBUILDS}. */
function time(objects: ObjectSet, compile: FilterCompiler | undefined) {
  const rebuild = () => {
    const started = performance.now();
    buildDispatchState(objects, () => notifier, { compileFilters: compile });
    return performance.now() - started;
  };
  const firstMs = rebuild();
  let totalMs = 0;
  for (let i = 0; i < REBUILDS; i++) totalMs += rebuild();
  return { firstMs, steadyMs: totalMs / REBUILDS };
}

export async function benchRebuild(): Promise<void> {
  const rows = [];
  for (const count of [100, 1_000, 5_000]) {
    const objects = objectSet(count);
    const baseline = time(objects, undefined);
    const herald = time(objects, createFilterCompiler());
    const round = (ms: number) => Number(ms.toFixed(1));
    rows.push({
      alerts: count,
      baselineFirstMs: round(baseline.firstMs),
      baselineSteadyMs: round(baseline.steadyMs),
      heraldFirstMs: round(herald.firstMs),
      heraldSteadyMs: round(herald.steadyMs),
      steadySpeedup: Number((baseline.steadyMs / herald.steadyMs).toFixed(1)),
    });
  }
  printTable('Dispatch state rebuild (ms; baseline = every expression compiled every time)', rows);
  await writeResults('rebuild', { rebuilds: REBUILDS, rows });
}
