import type { SlackThread } from './slack-thread.js';

/** Bumped when the stored form changes in a way older readers would misread. */
const DOCUMENT_VERSION = 1;

/** What a stored document held: the threads it could read, and what it could not. */
export interface DecodedThreads {
  readonly threads: [string, SlackThread][];
  /** Why the whole document, or some of its entries, were left out; empty when none were. */
  readonly problems: string[];
}

/**
 * The stored form of the thread table, in the file and the ConfigMap alike: JSON, the threads
 * least recent first (the order eviction follows after a restart), times in RFC 3339.
 */
export function encodeThreads(threads: Iterable<readonly [string, SlackThread]>): string {
  const entries = [...threads].map(([key, thread]) => ({
    key,
    channel: thread.channel,
    ts: thread.ts,
    notifications: thread.notifications,
    failed: thread.failed,
    lastPostedAt: new Date(thread.lastPostedAtMs).toISOString(),
    expiresAt: new Date(thread.expiresAtMs).toISOString(),
  }));
  return `${JSON.stringify({ version: DOCUMENT_VERSION, threads: entries })}\n`;
}

/** Reads {@link encodeThreads}' form; what cannot be read is left out and said. */
export function decodeThreads(text: string): DecodedThreads {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return { threads: [], problems: ['not JSON (a torn or foreign write)'] };
  }
  if (!isRecord(parsed) || !Array.isArray(parsed.threads)) {
    return { threads: [], problems: ['not a thread document (no threads list)'] };
  }
  if (parsed.version !== DOCUMENT_VERSION) {
    return { threads: [], problems: [`version ${String(parsed.version)} is not one Herald reads`] };
  }
  const threads: [string, SlackThread][] = [];
  let unreadable = 0;
  for (const entry of parsed.threads) {
    const decoded = decodeEntry(entry);
    if (decoded === undefined) unreadable++;
    else threads.push(decoded);
  }
  return {
    threads,
    problems: unreadable === 0 ? [] : [`${String(unreadable)} unreadable entries left out`],
  };
}

function decodeEntry(entry: unknown): [string, SlackThread] | undefined {
  if (!isRecord(entry)) return undefined;
  const { key, channel, ts, notifications, failed } = entry;
  const lastPostedAtMs = timeOf(entry.lastPostedAt);
  const expiresAtMs = timeOf(entry.expiresAt);
  if (
    typeof key !== 'string' ||
    typeof channel !== 'string' ||
    channel === '' ||
    typeof ts !== 'string' ||
    ts === '' ||
    typeof notifications !== 'number' ||
    !Number.isSafeInteger(notifications) ||
    notifications < 1 ||
    typeof failed !== 'boolean' ||
    lastPostedAtMs === undefined ||
    expiresAtMs === undefined
  )
    return undefined;
  return [key, { channel, ts, notifications, failed, lastPostedAtMs, expiresAtMs }];
}

function timeOf(value: unknown): number | undefined {
  if (typeof value !== 'string') return undefined;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? undefined : ms;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
