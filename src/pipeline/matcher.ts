import type { EventSource } from '../api/alert.js';
import { EVENT_GROUP, apiGroupOf, type FluxEvent } from '../api/event.js';
import { providerClassOf } from '../providers/provider-registry.js';
import type { AlertIndex, IndexedAlert } from './alert-index.js';

/** Why an Alert with a source on the event's kind and namespace did not take the event. */
export type DropReason =
  | 'AlertSuspended'
  | 'AlertNotReady'
  | 'ProviderSuspended'
  | 'SourceMismatch'
  | 'SeverityBelowAlert'
  | 'LabelsUnavailable'
  | 'LabelsMismatch'
  | 'NotIncluded'
  | 'Excluded'
  | 'ReasonNotIncluded'
  | 'ReasonExcluded'
  | 'CrossNamespaceBlocked'
  | 'CommitStatusUpdate'
  | 'CommitMetadataMissing'
  | 'ChangeRequestMetadataMissing';

export interface Drop {
  alert: string;
  reason: DropReason;
}

export interface MatchOutcome {
  matched: IndexedAlert[];
  /** Every candidate Alert that did not take the event, and why (logged at debug). */
  dropped: Drop[];
  /** A source selects by labels and the involved object's labels were not given. */
  needsLabels: boolean;
}

export interface MatchOptions {
  noCrossNamespaceRefs: boolean;
  /** The involved object's labels, when they were looked up. */
  labels?: Readonly<Record<string, string>>;
}

/**
 * Flux's routing: an Alert takes an event when it is not suspended, one of its sources matches
 * (kind, namespace or `*`, name or `*`, matchLabels, severity), its reason lists take the
 * event's reason (Herald's), one inclusion regex matches (if any are given) and no exclusion
 * regex does. Then the dispatch checks: the Alert is ready,
 * cross-namespace refs, provider suspended, commit-status updates to a provider that does not
 * set commit statuses. Pure; matching is linear in the message thanks to RE2.
 */
export function matchEvent(
  event: FluxEvent,
  index: AlertIndex,
  options: MatchOptions,
): MatchOutcome {
  const { involvedObject } = event;
  const outcome: MatchOutcome = { matched: [], dropped: [], needsLabels: false };
  const drop = (alert: IndexedAlert, reason: DropReason) => {
    outcome.dropped.push({ alert: alert.key, reason });
  };
  for (const alert of index.candidates(involvedObject.namespace, involvedObject.kind)) {
    if (alert.suspended) {
      drop(alert, 'AlertSuspended');
      continue;
    }
    const sourceVerdict = matchSources(event, alert, options.labels);
    if (sourceVerdict !== 'match') {
      if (sourceVerdict === 'LabelsUnavailable') outcome.needsLabels = true;
      drop(alert, sourceVerdict);
      continue;
    }
    const { inclusion, exclusion, includedReasons, excludedReasons } = alert.filters;
    if (includedReasons !== undefined && !includedReasons.has(event.reason)) {
      drop(alert, 'ReasonNotIncluded');
      continue;
    }
    if (excludedReasons?.has(event.reason) === true) {
      drop(alert, 'ReasonExcluded');
      continue;
    }
    if (inclusion.length > 0 && !inclusion.some((regex) => regex.test(event.message))) {
      drop(alert, 'NotIncluded');
      continue;
    }
    if (exclusion.some((regex) => regex.test(event.message))) {
      drop(alert, 'Excluded');
      continue;
    }
    // Readiness already reports a blocked cross-namespace source (AccessDenied); such an Alert
    // is not ready and drops here quietly. The check after it is a backstop.
    const provider = alert.provider;
    if (provider === undefined) {
      drop(alert, 'AlertNotReady');
      continue;
    }
    if (options.noCrossNamespaceRefs && involvedObject.namespace !== alert.namespace) {
      drop(alert, 'CrossNamespaceBlocked');
      continue;
    }
    if (provider.suspended) {
      drop(alert, 'ProviderSuspended');
      continue;
    }
    // As Flux: a commit-status update is only for the types that set Git commit statuses;
    // every other type, webhooks and change-request comments included, skips it. Those types
    // take nothing else but events that name their commit (`event.toolkit.fluxcd.io/commit`),
    // and change-request types only events that name their change request.
    const providerClass = providerClassOf(provider.type);
    const statusUpdate = isCommitStatusUpdate(event);
    if (providerClass !== 'git' && statusUpdate) {
      drop(alert, 'CommitStatusUpdate');
      continue;
    }
    if (providerClass === 'git' && !statusUpdate && !hasEventKey(event, 'commit')) {
      drop(alert, 'CommitMetadataMissing');
      continue;
    }
    if (providerClass === 'git-change-request' && !hasEventKey(event, 'change_request')) {
      drop(alert, 'ChangeRequestMetadataMissing');
      continue;
    }
    outcome.matched.push(alert);
  }
  return outcome;
}

type SourceVerdict =
  'match' | 'SourceMismatch' | 'SeverityBelowAlert' | 'LabelsUnavailable' | 'LabelsMismatch';

/** The best verdict over the Alert's sources: any match wins, else the most telling miss. */
function matchSources(
  event: FluxEvent,
  alert: IndexedAlert,
  labels: Readonly<Record<string, string>> | undefined,
): SourceVerdict {
  let best: SourceVerdict = 'SourceMismatch';
  for (const source of alert.sources) {
    const verdict = matchSource(event, alert, source, labels);
    if (verdict === 'match') return verdict;
    if (VERDICT_RANK[verdict] > VERDICT_RANK[best]) best = verdict;
  }
  return best;
}

const VERDICT_RANK: Record<Exclude<SourceVerdict, 'match'>, number> = {
  SourceMismatch: 0,
  SeverityBelowAlert: 1,
  LabelsMismatch: 2,
  LabelsUnavailable: 3,
};

function matchSource(
  event: FluxEvent,
  alert: IndexedAlert,
  source: EventSource,
  labels: Readonly<Record<string, string>> | undefined,
): SourceVerdict {
  const object = event.involvedObject;
  const namespace = source.namespace ?? alert.namespace;
  if (object.kind !== source.kind || (namespace !== '*' && object.namespace !== namespace)) {
    return 'SourceMismatch';
  }
  // `info` Alerts take every severity; `error` Alerts only errors.
  if (alert.severity !== 'info' && event.severity !== alert.severity) return 'SeverityBelowAlert';
  if (source.name !== '*' && source.name !== object.name) return 'SourceMismatch';
  // As Flux: matchLabels narrows named and `*` sources alike, and once set (even empty) it
  // needs the involved object's labels: no labels, no match.
  const wanted = source.matchLabels;
  if (wanted === undefined) return 'match';
  if (labels === undefined) return 'LabelsUnavailable';
  return Object.entries(wanted).every(([key, value]) => labels[key] === value)
    ? 'match'
    : 'LabelsMismatch';
}

/** Whether the event carries `event.toolkit.fluxcd.io/<key>`, not empty (Flux's test). */
function hasEventKey(event: FluxEvent, key: string): boolean {
  const value = event.metadata?.[`${EVENT_GROUP}/${key}`];
  return value !== undefined && value !== '';
}

/**
 * Flux marks events meant for Git commit statuses with `<group>/commit_status: update`, the
 * group being the involved object's own API group: that exact key, as Flux reads it.
 */
function isCommitStatusUpdate(event: FluxEvent): boolean {
  const key = `${apiGroupOf(event.involvedObject.apiVersion)}/commit_status`;
  return event.metadata?.[key] === 'update';
}
