import type { AlertStatus, LastDispatch } from '../../api/alert.js';
import { READY_CONDITION, type Condition } from '../../api/condition.js';
import type { Readiness } from '../../api/readiness/readiness.js';

/** The part of an Alert's or Provider's status Herald owns. */
export type HeraldStatus = Pick<AlertStatus, 'observedGeneration' | 'conditions' | 'lastDispatch'>;

/**
 * The status an object should have given its readiness: a Ready condition (its transition
 * time kept while the status stays the same, as Kubernetes conventions ask), the generation
 * it describes, and for Alerts the last dispatch.
 */
export function desiredStatus(
  readiness: Pick<Readiness, 'ready' | 'message'> & { reason: string },
  generation: number | undefined,
  current: HeraldStatus | undefined,
  lastDispatch: LastDispatch | undefined,
  now: Date,
): HeraldStatus {
  const previous = current?.conditions?.find((condition) => condition.type === READY_CONDITION);
  const status = readiness.ready ? 'True' : 'False';
  const ready: Condition = {
    type: READY_CONDITION,
    status,
    ...(generation !== undefined && { observedGeneration: generation }),
    lastTransitionTime:
      previous !== undefined && previous.status === status
        ? previous.lastTransitionTime
        : rfc3339Seconds(now),
    reason: readiness.reason,
    message: readiness.message,
  };
  const others = (current?.conditions ?? []).filter(
    (condition) => condition.type !== READY_CONDITION,
  );
  return {
    ...(generation !== undefined && { observedGeneration: generation }),
    conditions: [ready, ...others],
    ...((lastDispatch ?? current?.lastDispatch) !== undefined && {
      lastDispatch: lastDispatch ?? current?.lastDispatch,
    }),
  };
}

/**
 * Whether writing `desired` would change anything Herald owns in `current`. Field by field:
 * the API server returns stored JSON with its keys in its own order.
 */
export function statusDiffers(current: HeraldStatus | undefined, desired: HeraldStatus): boolean {
  if (current === undefined || current.observedGeneration !== desired.observedGeneration)
    return true;
  const have = current.conditions ?? [];
  const want = desired.conditions ?? [];
  if (have.length !== want.length) return true;
  if (want.some((condition, i) => !sameCondition(have[i], condition))) return true;
  const [a, b] = [current.lastDispatch, desired.lastDispatch];
  return a?.time !== b?.time || a?.result !== b?.result || a?.error !== b?.error;
}

function sameCondition(a: Condition | undefined, b: Condition): boolean {
  return (
    a !== undefined &&
    a.type === b.type &&
    a.status === b.status &&
    a.reason === b.reason &&
    a.message === b.message &&
    a.observedGeneration === b.observedGeneration &&
    a.lastTransitionTime === b.lastTransitionTime
  );
}

/** metav1.Time has whole seconds. */
export function rfc3339Seconds(date: Date): string {
  return `${date.toISOString().slice(0, 19)}Z`;
}
