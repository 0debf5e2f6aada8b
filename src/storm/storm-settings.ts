import { createHash } from 'node:crypto';
import type { AlertGrouping } from '../api/alert.js';
import type { ProviderSpec } from '../api/provider.js';
import { parseDuration } from '../config/duration.js';
import type { ProviderTarget } from '../notifiers/notifier.js';
import { providerDescriptor } from '../providers/provider-registry.js';
import type { PacingSpec } from './destination-pacer.js';
import type { GroupingSpec } from './event-grouper.js';
import { DEFAULT_GROUP_BY } from './group-key.js';
import {
  DEFAULT_GROUP_INTERVAL,
  DEFAULT_GROUP_WAIT,
  DEFAULT_PACING_MAX_WAIT,
} from './storm-defaults.js';

/** Pacing's rate for a type whose receiver documents none. */
const UNDOCUMENTED_RATE = { perSecond: 1, burst: 1 };

/** An Alert's `spec.grouping` with its defaults; the schema already checked the durations. */
export function groupingOf(grouping: AlertGrouping): GroupingSpec {
  const by = grouping.by === undefined || grouping.by.length === 0 ? DEFAULT_GROUP_BY : grouping.by;
  return {
    by: [...new Set(by)],
    waitMs: parseDuration(grouping.wait ?? DEFAULT_GROUP_WAIT),
    intervalMs: parseDuration(grouping.interval ?? DEFAULT_GROUP_INTERVAL),
  };
}

/**
 * A Provider's `spec.pacing` with its defaults (the type's documented rate), or undefined when
 * it does not ask for pacing.
 */
export function pacingOf(spec: ProviderSpec, target: ProviderTarget): PacingSpec | undefined {
  const pacing = spec.pacing;
  if (pacing?.enabled !== true) return undefined;
  const documented = providerDescriptor(spec.type)?.documentedRate ?? UNDOCUMENTED_RATE;
  return {
    destination: destinationOf(target),
    perSecond: pacing.messagesPerSecond ?? documented.perSecond,
    burst: pacing.burst ?? documented.burst,
    maxWaitMs: parseDuration(pacing.maxWait ?? DEFAULT_PACING_MAX_WAIT),
  };
}

/**
 * Names where a target posts (type, endpoint, channel), hashed: the address may hold a secret,
 * and Providers posting to one place share a bucket.
 */
export function destinationOf(target: ProviderTarget): string {
  return createHash('sha256')
    .update(`${target.type}\u0000${target.address}\u0000${target.channel ?? ''}`)
    .digest('base64url');
}
