import type { JsonObject } from './json.js';

/** ObjectMeta after decoding: the server checked these members have these types. */
export interface ObjectMeta extends JsonObject {
  name?: string;
  generateName?: string;
  namespace?: string;
  uid?: string;
  resourceVersion?: string;
  generation?: number;
  creationTimestamp?: string;
  deletionTimestamp?: string;
  deletionGracePeriodSeconds?: number;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  finalizers?: string[];
  ownerReferences?: JsonObject[];
  managedFields?: JsonObject[];
}

export interface KubeObject extends JsonObject {
  apiVersion?: string;
  kind?: string;
  metadata: ObjectMeta;
}

/** RFC 3339 with whole seconds, as metav1.Time serialises. */
export function formatKubeTime(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** RFC 3339 with microseconds, as metav1.MicroTime serialises (Event eventTime, Lease times). */
export function formatKubeMicroTime(date: Date): string {
  return date.toISOString().replace(/Z$/, '000Z');
}

export function objectKey(namespace: string | undefined, name: string): string {
  return namespace ? `${namespace}/${name}` : name;
}

const RFC3339 = /^(\d{4}-\d{2}-\d{2})[Tt](\d{2}:\d{2}:\d{2})(?:\.(\d+))?([Zz]|[+-]\d{2}:\d{2})$/;

/**
 * A time as metav1.Time (whole seconds) or metav1.MicroTime (microseconds) writes it, in UTC;
 * undefined when Go's RFC 3339 parser would reject it.
 */
export function normalizeKubeTime(value: string, micro: boolean): string | undefined {
  const match = RFC3339.exec(value);
  if (!match) return undefined;
  const [, date = '', time = '', fraction = '', zone = 'Z'] = match;
  const millis = Date.parse(`${date}T${time}${zone.toUpperCase()}`);
  if (Number.isNaN(millis)) return undefined;
  const utc = new Date(millis).toISOString().slice(0, 19);
  return micro ? `${utc}.${fraction.slice(0, 6).padEnd(6, '0')}Z` : `${utc}Z`;
}
