import type { GroupField } from '../storm/group-key.js';
import type { Condition } from './condition.js';
import type { LocalObjectReference, ObjectMeta } from './object-meta.js';

export const ALERT_KIND = 'Alert';

/** An Alert: which events go to which Provider (`notification.toolkit.fluxcd.io/v1beta3`). */
export interface Alert {
  apiVersion: string;
  kind: typeof ALERT_KIND;
  metadata: ObjectMeta;
  spec: AlertSpec;
  status?: AlertStatus;
}

/** `info` takes events of every severity, `error` only errors. */
export type AlertSeverity = 'info' | 'error';

/** Applied by the schema when `eventSeverity` is absent. */
export const DEFAULT_ALERT_SEVERITY: AlertSeverity = 'info';

/** Longest `spec.summary`, in characters (as Flux). */
export const MAX_SUMMARY_LENGTH = 255;

export interface AlertSpec {
  /** A Provider in the Alert's namespace. */
  providerRef: LocalObjectReference;
  eventSeverity?: AlertSeverity;
  eventSources: EventSource[];
  /** RE2 regexes on the event message: when any is given, one must match. */
  inclusionList?: string[];
  /** RE2 regexes on the event message: any match drops the event. */
  exclusionList?: string[];
  /** Exact event reasons (Herald): when any is given, the event's reason must be one of them. */
  inclusionReasons?: string[];
  /** Exact event reasons (Herald): an event with one of them is dropped. */
  exclusionReasons?: string[];
  /** Added to the metadata of every event the Alert dispatches. */
  eventMetadata?: Record<string, string>;
  summary?: string;
  suspend?: boolean;
  /**
   * Herald's: a Go text/template giving the message chat providers send; wins over the
   * Provider's `spec.template`.
   */
  template?: string;
  /** Herald: events sharing a group key are sent together, as one summary per interval. */
  grouping?: AlertGrouping;
}

/** Herald's `spec.grouping`: Alertmanager's group_by, group_wait and group_interval. */
export interface AlertGrouping {
  /** What events of one group share; the involved object when absent. */
  by?: GroupField[];
  /** Go duration a new group collects events before its first notification; 30s when absent. */
  wait?: string;
  /** Go duration between two notifications of one group; 5m when absent. */
  interval?: string;
}

/** Selects events by their involved object. */
export interface EventSource {
  /** Any Kubernetes kind (Flux's or native, e.g. `Deployment`), compared case-sensitively. */
  kind: string;
  /** An object name, or `*` for any. */
  name: string;
  /**
   * Defaults to the Alert's namespace; `*` selects every namespace (refused, as any other
   * namespace, under `--no-cross-namespace-refs`).
   */
  namespace?: string;
  apiVersion?: string;
  /** Labels the involved object must carry. */
  matchLabels?: Record<string, string>;
}

export interface AlertStatus {
  observedGeneration?: number;
  conditions?: Condition[];
  lastDispatch?: LastDispatch;
}

/** Longest `status.lastDispatch.error`, in characters; writers truncate to it. */
export const MAX_DISPATCH_ERROR_LENGTH = 1024;

/** The outcome of the Alert's most recent notification. */
export interface LastDispatch {
  /** RFC 3339. */
  time: string;
  result: DispatchResult;
  /** Why the dispatch failed, with secrets masked; absent on success. */
  error?: string;
}

export type DispatchResult = 'Succeeded' | 'Failed';
