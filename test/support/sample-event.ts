import type { FluxEvent } from '../../src/api/event.js';

/** A plain Flux event; tests override what they look at. */
export function sampleEvent(overrides: Partial<FluxEvent> = {}): FluxEvent {
  return {
    involvedObject: {
      kind: 'Kustomization',
      namespace: 'flux-system',
      name: 'apps',
      apiVersion: 'kustomize.toolkit.fluxcd.io/v1',
    },
    severity: 'info',
    timestamp: '2024-05-01T12:00:00Z',
    message: 'Reconciliation finished',
    reason: 'ReconciliationSucceeded',
    reportingController: 'kustomize-controller',
    ...overrides,
  };
}
