import type { FluxEvent } from '../api/event.js';
import { truncateText } from '../notifiers/truncate-text.js';
import type { EventDigest } from './event-digest.js';

/** Distinct messages a summary quotes; the rest are counted on one line. */
const MAX_QUOTED_MESSAGES = 10;
/** Longest quoted message, in characters: a summary is a digest, not a transcript. */
const MAX_QUOTED_LENGTH = 300;

/** Metadata keys a summary adds, so receivers (and people) can count what it stands for. */
export const SUMMARY_METADATA = {
  events: 'groupedEvents',
  firstSeen: 'firstSeen',
  lastSeen: 'lastSeen',
} as const;

/**
 * The event a digest is delivered as: the newest event's object, reason and metadata, the
 * highest severity seen, and a message that counts the events and quotes each distinct message
 * with its occurrences. Being an ordinary event, it goes through every provider and template.
 */
export function summaryEvent(digest: EventDigest): FluxEvent {
  const { last, first } = digest;
  return {
    ...last,
    severity: digest.severity,
    message: summaryText(digest),
    metadata: {
      ...last.metadata,
      [SUMMARY_METADATA.events]: String(digest.count),
      [SUMMARY_METADATA.firstSeen]: first.timestamp,
      [SUMMARY_METADATA.lastSeen]: last.timestamp,
    },
  };
}

function summaryText(digest: EventDigest): string {
  const objects = digest.objects.size;
  const scope =
    objects > 1 || digest.objectsOverflowed
      ? ` for ${digest.objectsOverflowed ? 'more than ' : ''}${String(objects)} objects`
      : '';
  const lines = [
    `${String(digest.count)} events${scope} from ${digest.first.timestamp} to ${digest.last.timestamp}:`,
  ];
  let unquoted = digest.otherMessages;
  let quoted = 0;
  for (const [message, count] of digest.messages) {
    if (quoted === MAX_QUOTED_MESSAGES) {
      unquoted += count;
      continue;
    }
    quoted++;
    lines.push(`• ${String(count)}× ${quote(message)}`);
  }
  if (unquoted > 0) lines.push(`• ${String(unquoted)}× other messages`);
  return lines.join('\n');
}

function quote(message: string): string {
  const oneLine = message.replace(/\s+/g, ' ').trim();
  return truncateText(oneLine, { max: MAX_QUOTED_LENGTH, unit: 'characters' });
}
