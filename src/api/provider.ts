import type { Condition } from './condition.js';
import type { LocalObjectReference, ObjectMeta } from './object-meta.js';
import { FLUX_PROVIDER_TYPES } from '../providers/provider-class.js';

export const PROVIDER_KIND = 'Provider';

/** A Provider: where and how notifications are delivered (`notification.toolkit.fluxcd.io/v1beta3`). */
export interface Provider {
  apiVersion: string;
  kind: typeof PROVIDER_KIND;
  metadata: ObjectMeta;
  spec: ProviderSpec;
  status?: ProviderStatus;
}

/** Herald's own types, which Flux does not have. */
export const HERALD_PROVIDER_TYPES = ['loki'] as const;

/**
 * Every type name Flux's v1beta3 Provider accepts, plus Herald's own. The schema accepts them
 * all so that Flux manifests apply; readiness reports the ones Herald cannot deliver to yet.
 */
export const PROVIDER_TYPES = [...FLUX_PROVIDER_TYPES, ...HERALD_PROVIDER_TYPES] as const;

export type ProviderType = (typeof PROVIDER_TYPES)[number];

/** Applied by the schema when `timeout` is absent (Flux's default too). */
export const DEFAULT_PROVIDER_TIMEOUT = '15s';

/** Longest `address`, `channel`, `username` and `proxy`, in characters (as Flux). */
export const MAX_PROVIDER_FIELD_LENGTH = 2048;

export interface ProviderSpec {
  type: ProviderType;
  /** Where to deliver; the Secret's `address` key replaces it. */
  address?: string;
  channel?: string;
  username?: string;
  /** Go duration bounding one delivery, retries included (Loki: each push), e.g. `15s`. */
  timeout?: string;
  /** HTTP(S) proxy; the Secret's `proxy` key replaces it. */
  proxy?: string;
  /** A Secret with `address`, `proxy`, `username`, `password`, `token`, `headers`. */
  secretRef?: LocalObjectReference;
  /** A Secret with `ca.crt`, and `tls.crt` with `tls.key` for client certificates. */
  certSecretRef?: LocalObjectReference;
  /** A Secret with the proxy's `address`, and optional `username` and `password`. */
  proxySecretRef?: LocalObjectReference;
  suspend?: boolean;
  /** Accepted for Flux compatibility; Flux ignores it in v1beta3, and so does Herald. */
  interval?: string;
  /** Accepted for Flux compatibility; used only by provider types Herald does not support. */
  serviceAccountName?: string;
  /**
   * A CEL expression over `event`, `alert` and `provider` giving the commit status id, for the
   * types that set commit statuses; Flux's `<kind>/<name>/<uid head>` when absent.
   */
  commitStatusExpr?: string;
  /**
   * Herald's: a Go text/template giving the message of chat types, for the Alerts that have
   * no `spec.template` of their own.
   */
  template?: string;
  /** Herald: notifications go no faster than the destination takes them; late ones merge. */
  pacing?: ProviderPacing;
  /** Herald only: Slack threads per object (or group), for `chat.postMessage` Providers. */
  threading?: ProviderThreading;
}

/** Herald's `spec.pacing`: a token bucket per destination (endpoint and channel). */
export interface ProviderPacing {
  enabled: boolean;
  /** The type's documented rate when absent (Slack: 1, Microsoft Teams: 4), else 1. */
  messagesPerSecond?: number;
  /** Notifications sent back to back after a quiet spell; the type's, else 1. */
  burst?: number;
  /** Go duration a notification may wait before the waiting ones merge; 10s when absent. */
  maxWait?: string;
}

/** Applied when `spec.threading.expiry` is absent. */
export const DEFAULT_THREAD_EXPIRY = '24h';

/**
 * Replies in one Slack thread per object (or group) instead of a new message each time; the
 * parent message shows the latest state.
 */
export interface ProviderThreading {
  enabled: boolean;
  /** Go duration after the last notification when a thread is forgotten (default `24h`). */
  expiry?: string;
}

export interface ProviderStatus {
  observedGeneration?: number;
  conditions?: Condition[];
}
