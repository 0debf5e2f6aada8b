import { RE2JS } from 're2js';
import type { EventSource } from '../../src/api/alert.js';
import type { IndexedAlert, IndexedProvider } from '../../src/pipeline/alert-index.js';

/** An IndexedAlert for matcher tests: `apps/on-call` on a ready Slack provider unless told otherwise. */
export function indexedAlert(
  overrides: Partial<Omit<IndexedAlert, 'filters'>> & {
    inclusion?: string[];
    exclusion?: string[];
    includedReasons?: string[];
    excludedReasons?: string[];
    sources?: EventSource[];
  } = {},
): IndexedAlert {
  const { inclusion = [], exclusion = [], includedReasons, excludedReasons, ...rest } = overrides;
  const namespace = rest.namespace ?? 'apps';
  const provider: IndexedProvider = { key: `${namespace}/slack`, type: 'slack', suspended: false };
  return {
    key: `${namespace}/on-call`,
    namespace,
    severity: 'info',
    sources: [{ kind: 'Kustomization', name: '*' }],
    eventMetadata: {},
    summary: undefined,
    suspended: false,
    provider,
    ...rest,
    filters: {
      inclusion: inclusion.map((expression) => RE2JS.compile(expression)),
      exclusion: exclusion.map((expression) => RE2JS.compile(expression)),
      ...(includedReasons === undefined ? {} : { includedReasons: new Set(includedReasons) }),
      ...(excludedReasons === undefined ? {} : { excludedReasons: new Set(excludedReasons) }),
    },
  };
}
