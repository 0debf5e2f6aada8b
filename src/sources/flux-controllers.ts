import type { CoreV1Event } from '@kubernetes/client-node';

/**
 * Flux's controllers as of Flux 2.7: the six toolkit controllers and source-watcher (the
 * ArtifactGenerator controller, new in 2.7). Each records
 * a Kubernetes Event and also POSTs the same event to the Event API, so Herald skips their
 * Kubernetes Events by default: one occurrence must not alert twice.
 */
export const FLUX_CONTROLLERS: ReadonlySet<string> = new Set([
  'source-controller',
  'kustomize-controller',
  'helm-controller',
  'notification-controller',
  'image-reflector-controller',
  'image-automation-controller',
  'source-watcher',
]);

/**
 * True when the Event was recorded by a controller on the skip list. Flux's controllers record
 * through client-go, which sets `source.component` to the controller's name and copies it to
 * `reportingComponent`; either one matching is enough (exact, case-sensitive).
 */
export function isFluxControllerEvent(
  event: CoreV1Event,
  skipList: ReadonlySet<string> = FLUX_CONTROLLERS,
): boolean {
  const { reportingComponent, source } = event;
  return (
    (reportingComponent !== undefined && skipList.has(reportingComponent)) ||
    (source?.component !== undefined && skipList.has(source.component))
  );
}
