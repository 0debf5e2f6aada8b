/** A Flux object a Receiver reconciles, as read: only its identity and metadata matter. */
export interface TargetObject {
  apiVersion: string;
  kind: string;
  metadata: {
    name: string;
    namespace: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
  };
}

/** How a Receiver reaches its targets: the cluster's API, or local mode's log. */
export interface TargetClient {
  /** Rejects when the object cannot be read (not found, not allowed). */
  read(apiVersion: string, kind: string, namespace: string, name: string): Promise<TargetObject>;
  /** The objects with every label of `matchLabels`, in a namespace or (undefined) all of them. */
  list(
    apiVersion: string,
    kind: string,
    namespace: string | undefined,
    matchLabels: Readonly<Record<string, string>>,
  ): Promise<TargetObject[]>;
  /** Sets one annotation by JSON merge-patch, leaving the others. */
  annotate(target: TargetObject, key: string, value: string): Promise<void>;
}

/** `a=1,b=2`, the label selector of a matchLabels map. */
export function labelSelectorOf(matchLabels: Readonly<Record<string, string>>): string {
  return Object.entries(matchLabels)
    .map(([key, value]) => `${key}=${value}`)
    .join(',');
}
