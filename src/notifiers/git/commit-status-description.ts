import type { FluxEvent } from '../../api/event.js';
import { splitCamelCase } from '../split-camel-case.js';

/** `kind/name` of the involved object, lowercased: the name Flux gives a status. */
export function commitStatusName(event: FluxEvent): string {
  return `${event.involvedObject.kind}/${event.involvedObject.name}`.toLowerCase();
}

/** The reason split at its camel-case humps, lowercased: `ReconciliationSucceeded` → `reconciliation succeeded`. */
export function commitStatusDescription(event: FluxEvent): string {
  return splitCamelCase(event.reason).join(' ').toLowerCase();
}
