import { involvedObjectKey, type FluxEvent } from '../api/event.js';

/** What an Alert's events can be grouped by. */
export const GROUP_FIELDS = ['object', 'reason', 'severity', 'namespace'] as const;
export type GroupField = (typeof GROUP_FIELDS)[number];

/** Grouping when the Alert names no fields: each involved object on its own. */
export const DEFAULT_GROUP_BY: readonly GroupField[] = ['object'];

/**
 * The key events share when they belong to one group: the chosen fields' values, in the order
 * given, joined by `|` (it also names the group's Slack thread, so it stays readable).
 */
export function groupKeyOf(event: FluxEvent, by: readonly GroupField[]): string {
  return by.map((field) => fieldValue(event, field)).join('|');
}

function fieldValue(event: FluxEvent, field: GroupField): string {
  switch (field) {
    case 'object':
      return involvedObjectKey(event.involvedObject);
    case 'reason':
      return event.reason;
    case 'severity':
      return event.severity;
    case 'namespace':
      return event.involvedObject.namespace;
  }
}
