// client-node's generated models are plain data classes, serialized by field: literals do.
import { V1MicroTime, type V1Lease, type V1LeaseSpec } from '@kubernetes/client-node';

/**
 * What a Lease says about its holder, in comparable form. Times stay text: they are compared
 * for change only, never against this machine's clock (the writer's clock may disagree).
 */
export interface LeaseRecord {
  readonly holderIdentity: string;
  readonly leaseDurationSeconds: number | undefined;
  readonly acquireTime: string | undefined;
  readonly renewTime: string | undefined;
  readonly leaseTransitions: number;
}

/** What a candidate may do with the Lease it just read. */
export type LeaseDecision = 'renew' | 'take' | 'wait';

export function leaseRecordOf(lease: V1Lease): LeaseRecord {
  const spec = lease.spec ?? {};
  return {
    holderIdentity: spec.holderIdentity ?? '',
    leaseDurationSeconds: spec.leaseDurationSeconds,
    acquireTime: timeText(spec.acquireTime),
    renewTime: timeText(spec.renewTime),
    leaseTransitions: spec.leaseTransitions ?? 0,
  };
}

export function sameRecord(a: LeaseRecord, b: LeaseRecord): boolean {
  return (
    a.holderIdentity === b.holderIdentity &&
    a.leaseDurationSeconds === b.leaseDurationSeconds &&
    a.acquireTime === b.acquireTime &&
    a.renewTime === b.renewTime &&
    a.leaseTransitions === b.leaseTransitions
  );
}

/**
 * As client-go decides: ours → renew; released (no holder) → take; held by another → wait until
 * the record has not changed for its own leaseDurationSeconds, counted on this clock from when
 * this candidate saw it change (`observedAtMs`), then take.
 */
export function decide(
  record: LeaseRecord,
  identity: string,
  observedAtMs: number,
  nowMs: number,
  fallbackDurationSeconds: number,
): LeaseDecision {
  if (record.holderIdentity === identity) return 'renew';
  if (record.holderIdentity === '') return 'take';
  const durationMs = (record.leaseDurationSeconds ?? fallbackDurationSeconds) * 1_000;
  return nowMs < observedAtMs + durationMs ? 'wait' : 'take';
}

/** The spec that holds the Lease for `identity`: a renewal keeps acquireTime, a takeover counts a transition. */
export function heldSpec(
  record: LeaseRecord | undefined,
  identity: string,
  nowMs: number,
  leaseDurationSeconds: number,
): V1LeaseSpec {
  const renewing = record?.holderIdentity === identity;
  const acquiredMs =
    renewing && record.acquireTime !== undefined ? Date.parse(record.acquireTime) : Number.NaN;
  return {
    holderIdentity: identity,
    leaseDurationSeconds,
    acquireTime: new V1MicroTime(Number.isNaN(acquiredMs) ? nowMs : acquiredMs),
    renewTime: new V1MicroTime(nowMs),
    leaseTransitions:
      record === undefined ? 0 : renewing ? record.leaseTransitions : record.leaseTransitions + 1,
  };
}

/**
 * client-go's ReleaseOnCancel: no holder and a one-second duration, so that a successor takes
 * the Lease at its next try instead of waiting for it to expire.
 */
export function releasedSpec(record: LeaseRecord, nowMs: number): V1LeaseSpec {
  return {
    holderIdentity: '',
    leaseDurationSeconds: 1,
    acquireTime: new V1MicroTime(nowMs),
    renewTime: new V1MicroTime(nowMs),
    leaseTransitions: record.leaseTransitions,
  };
}

/** Lease durations are whole seconds; round up, so the Lease never says less than was configured. */
export function leaseDurationSecondsOf(ms: number): number {
  return Math.max(1, Math.ceil(ms / 1_000));
}

/** client-node leaves MicroTime fields as the server's text when reading; a Date when we wrote it. */
function timeText(value: unknown): string | undefined {
  if (value instanceof Date) return value.toISOString();
  return typeof value === 'string' && value !== '' ? value : undefined;
}
