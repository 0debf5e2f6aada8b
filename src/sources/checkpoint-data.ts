import { DNS_LABEL_PATTERN } from '../api/validation/object-meta-schema.js';
import { ALL_NAMESPACES, MAX_IDS_AT_NEWEST_TIME, type Checkpoint } from './checkpoint.js';
import { toMicroTime } from './kube-event-time.js';
import { errorMessage } from '../errors/error-message.js';

/**
 * Checkpoints in a ConfigMap's `data`: one key per watched namespace, its value a JSON object
 * `{"version":1,"resourceVersion":"…","newestTime":"…","idsAtNewestTime":[…]}`. Each key stands
 * alone, so a damaged or future-format entry costs its own namespace only, and a watcher can
 * merge-patch just its keys.
 */
export const CHECKPOINT_FORMAT_VERSION = 1;

/**
 * The key of {@link ALL_NAMESPACES}. ConfigMap keys take `[-._a-zA-Z0-9]` only, so not `*`;
 * namespace names never hold `_`, so no namespace can take this key.
 */
export const ALL_NAMESPACES_KEY = '_all';

const NAMESPACE = new RegExp(DNS_LABEL_PATTERN);

export type CheckpointProblemCode = 'HERALD_CHECKPOINT_UNREADABLE';

/** A checkpoint entry that could not be read. Its namespace starts as if it had none. */
export interface CheckpointProblem {
  readonly code: CheckpointProblemCode;
  /** The ConfigMap data key. */
  readonly key: string;
  /** What is wrong, for the log line. */
  readonly message: string;
}

export interface ReadCheckpoints {
  /** By namespace, {@link ALL_NAMESPACES} included. */
  readonly checkpoints: Map<string, Checkpoint>;
  /** Warnings to log: each unreadable entry, which counts as no checkpoint. */
  readonly problems: CheckpointProblem[];
}

export function checkpointKey(namespace: string): string {
  return namespace === ALL_NAMESPACES ? ALL_NAMESPACES_KEY : namespace;
}

/** ConfigMap `data` holding these checkpoints. */
export function toConfigMapData(
  checkpoints: ReadonlyMap<string, Checkpoint>,
): Record<string, string> {
  const data: Record<string, string> = {};
  for (const [namespace, checkpoint] of checkpoints) {
    data[checkpointKey(namespace)] = JSON.stringify({
      version: CHECKPOINT_FORMAT_VERSION,
      resourceVersion: checkpoint.resourceVersion,
      newestTime: checkpoint.newestTime,
      idsAtNewestTime: checkpoint.idsAtNewestTime,
    });
  }
  return data;
}

/**
 * The checkpoints in ConfigMap `data` (absent when the ConfigMap does not exist yet). Never
 * throws: an entry that cannot be read is left out and reported, and its namespace resumes as
 * on a first start.
 */
export function fromConfigMapData(
  data: Readonly<Record<string, string>> | undefined,
): ReadCheckpoints {
  const checkpoints = new Map<string, Checkpoint>();
  const problems: CheckpointProblem[] = [];
  for (const [key, text] of Object.entries(data ?? {})) {
    const namespace = key === ALL_NAMESPACES_KEY ? ALL_NAMESPACES : key;
    const read =
      NAMESPACE.test(namespace) || namespace === ALL_NAMESPACES
        ? parseEntry(text)
        : `"${key}" is neither a namespace nor "${ALL_NAMESPACES_KEY}"`;
    if (typeof read === 'string') {
      problems.push({
        code: 'HERALD_CHECKPOINT_UNREADABLE',
        key,
        message: `checkpoint "${key}" is unreadable: ${read}`,
      });
    } else {
      checkpoints.set(namespace, read);
    }
  }
  return { checkpoints, problems };
}

/** The entry's checkpoint, or what is wrong with it. */
function parseEntry(text: string): Checkpoint | string {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return `not JSON (${errorMessage(error)})`;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    return 'not a JSON object';
  const entry = value as Record<string, unknown>;
  if (entry.version !== CHECKPOINT_FORMAT_VERSION) {
    const found = entry.version === undefined ? 'missing' : JSON.stringify(entry.version);
    return `format version ${found} is not ${CHECKPOINT_FORMAT_VERSION}, the one this Herald reads`;
  }
  const { resourceVersion, newestTime, idsAtNewestTime } = entry;
  if (
    resourceVersion !== undefined &&
    (typeof resourceVersion !== 'string' || resourceVersion === '')
  )
    return 'resourceVersion is not a non-empty string';
  const time = typeof newestTime === 'string' ? toMicroTime(newestTime) : undefined;
  if (time === undefined) return 'newestTime is not an RFC 3339 time';
  if (!Array.isArray(idsAtNewestTime) || !idsAtNewestTime.every(isString))
    return 'idsAtNewestTime is not a list of strings';
  const ids = idsAtNewestTime.slice(-MAX_IDS_AT_NEWEST_TIME);
  return resourceVersion === undefined
    ? { newestTime: time, idsAtNewestTime: ids }
    : { resourceVersion, newestTime: time, idsAtNewestTime: ids };
}

function isString(value: unknown): value is string {
  return typeof value === 'string';
}
