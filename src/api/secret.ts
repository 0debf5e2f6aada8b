import type { ObjectMeta } from './object-meta.js';

export const SECRET_KIND = 'Secret';

/** A core/v1 Secret, as the API server returns it and as local mode normalises it. */
export interface Secret {
  apiVersion: 'v1';
  kind: typeof SECRET_KIND;
  metadata: ObjectMeta;
  /** e.g. `Opaque` (the default) or `kubernetes.io/tls`. */
  type?: string;
  immutable?: boolean;
  /** Values in base64, as on the wire. */
  data?: Record<string, string>;
  /**
   * Plain-text values, write-only in Kubernetes: the API server merges them over `data`. Local
   * mode does the same on load, so a loaded Secret carries only `data`.
   */
  stringData?: Record<string, string>;
}

/**
 * The text of one key of a Secret, or `undefined` when the Secret lacks it. `stringData` wins
 * over `data`, as the API server would have merged it.
 */
export function readSecretString(secret: Secret, key: string): string | undefined {
  const plain = ownValue(secret.stringData, key);
  if (plain !== undefined) return plain;
  const encoded = ownValue(secret.data, key);
  return encoded === undefined ? undefined : Buffer.from(encoded, 'base64').toString('utf8');
}

/** Keys come from users: `constructor` must not find Object's. */
function ownValue(values: Record<string, string> | undefined, key: string): string | undefined {
  return values !== undefined && Object.hasOwn(values, key) ? values[key] : undefined;
}
