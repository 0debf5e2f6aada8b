import type { Alert, AlertSeverity, EventSource } from '../api/alert.js';
import type { AlertFilters } from '../api/alert-filters.js';
import type { ProviderType } from '../api/provider.js';
import type { PacingSpec } from '../storm/destination-pacer.js';
import type { GroupingSpec } from '../storm/event-grouper.js';
import type { MessageTemplate } from '../templates/message-template.js';

/** A Provider as matching and dispatch see it. */
export interface IndexedProvider {
  /** `namespace/name` */
  readonly key: string;
  readonly type: ProviderType;
  readonly suspended: boolean;
  /** `spec.pacing`, when the Provider asks for it. */
  readonly pacing?: PacingSpec;
  /** The Provider's `spec.template`, parsed: the message of Alerts without their own. */
  readonly template?: MessageTemplate;
}

/** An Alert as matching sees it: validated, regexes compiled, provider resolved. */
export interface IndexedAlert {
  /** `namespace/name` */
  readonly key: string;
  readonly namespace: string;
  /** The Alert's metadata.uid, which OpenTelemetry traces are named by. */
  readonly uid?: string;
  readonly severity: AlertSeverity;
  readonly sources: readonly EventSource[];
  readonly filters: AlertFilters;
  readonly eventMetadata: Readonly<Record<string, string>>;
  readonly summary: string | undefined;
  readonly suspended: boolean;
  /** Undefined when the Alert is not ready (its provider is missing or broken). */
  readonly provider: IndexedProvider | undefined;
  /** `spec.grouping`, when the Alert asks for it. */
  readonly grouping?: GroupingSpec;
  /** The Alert object, for notifiers that read it (`spec.commitStatusExpr` sees it as `alert`). */
  readonly resource?: Alert;
  /**
   * The template that renders this Alert's messages: its own, else its Provider's; only when
   * the Provider is a chat type.
   */
  readonly template?: MessageTemplate;
}

/**
 * The Alerts, indexed by the `namespace/kind` pairs their event sources watch, so an event is
 * compared only with the Alerts that could take it.
 */
export class AlertIndex {
  readonly #byTarget = new Map<string, IndexedAlert[]>();
  readonly alerts: readonly IndexedAlert[];

  constructor(alerts: readonly IndexedAlert[]) {
    this.alerts = alerts;
    for (const alert of alerts) {
      const targets = new Set(
        alert.sources.map((source) => targetKey(source.namespace ?? alert.namespace, source.kind)),
      );
      for (const target of targets) {
        const list = this.#byTarget.get(target);
        if (list === undefined) this.#byTarget.set(target, [alert]);
        else list.push(alert);
      }
    }
  }

  /** Alerts with an event source on this kind in this namespace, or in every namespace (`*`). */
  candidates(namespace: string, kind: string): readonly IndexedAlert[] {
    const here = this.#byTarget.get(targetKey(namespace, kind));
    const everywhere = this.#byTarget.get(targetKey(ANY_NAMESPACE, kind));
    if (everywhere === undefined) return here ?? [];
    if (here === undefined) return everywhere;
    // An Alert with both kinds of source is a candidate once.
    return [...new Set([...here, ...everywhere])];
  }
}

/** The event-source namespace that selects every namespace. */
const ANY_NAMESPACE = '*';

function targetKey(namespace: string, kind: string): string {
  return `${namespace}\u0000${kind}`;
}
