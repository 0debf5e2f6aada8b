/** The shape of Kubernetes' metav1.Condition, as Herald writes it in `status.conditions`. */
export interface Condition {
  /** CamelCase, e.g. `Ready`. */
  type: string;
  status: ConditionStatus;
  observedGeneration?: number;
  /** RFC 3339 time of the last change of `status`. */
  lastTransitionTime: string;
  /** CamelCase programmatic identifier, e.g. `ProviderNotFound`. */
  reason: string;
  /** A human sentence; may be empty. */
  message: string;
}

export type ConditionStatus = 'True' | 'False' | 'Unknown';

/** The condition `kubectl get` shows in the Ready and Status columns. */
export const READY_CONDITION = 'Ready';
