import type { Condition } from './condition.js';
import type { LocalObjectReference, ObjectMeta } from './object-meta.js';
import { API_GROUP } from './group-version.js';

export const RECEIVER_KIND = 'Receiver';

/** Receivers are served as Flux's v1, not v1beta3 like Alerts and Providers. */
export const RECEIVER_API_VERSION = 'v1';
export const RECEIVER_API_GROUP_VERSION = `${API_GROUP}/${RECEIVER_API_VERSION}`;

/** Every webhook sender Flux's Receiver knows, in Flux's order. */
export const RECEIVER_TYPES = [
  'generic',
  'generic-hmac',
  'generic-oidc',
  'github',
  'gitlab',
  'bitbucket',
  'harbor',
  'dockerhub',
  'quay',
  'gcr',
  'nexus',
  'acr',
  'cdevents',
] as const;

export type ReceiverType = (typeof RECEIVER_TYPES)[number];

/** The kinds a Receiver may ask to reconcile: Flux's, each with the apiVersion used when none is given. */
export const RECEIVER_TARGET_KINDS = [
  'Bucket',
  'GitRepository',
  'Kustomization',
  'HelmRelease',
  'HelmChart',
  'HelmRepository',
  'ImageRepository',
  'ImagePolicy',
  'ImageUpdateAutomation',
  'OCIRepository',
  'ArtifactGenerator',
  'ExternalArtifact',
] as const;

export type ReceiverTargetKind = (typeof RECEIVER_TARGET_KINDS)[number];

/** Flux's defaults: the other kinds need `apiVersion` in the reference. */
export const DEFAULT_TARGET_API_VERSIONS: Readonly<Partial<Record<string, string>>> = {
  Bucket: 'source.toolkit.fluxcd.io/v1',
  HelmChart: 'source.toolkit.fluxcd.io/v1',
  HelmRepository: 'source.toolkit.fluxcd.io/v1',
  GitRepository: 'source.toolkit.fluxcd.io/v1',
  OCIRepository: 'source.toolkit.fluxcd.io/v1',
  ImageRepository: 'image.toolkit.fluxcd.io/v1',
  ArtifactGenerator: 'source.extensions.fluxcd.io/v1beta1',
};

/** `name: '*'` (with `matchLabels`) targets every object of the kind; `namespace: '*'` every namespace. */
export const WILDCARD = '*';

/** Flux's default `interval`, and the audience `generic-oidc` expects when none is set. */
export const DEFAULT_RECEIVER_INTERVAL = '10m';
export const DEFAULT_OIDC_AUDIENCE = 'notification-controller';

/** The path every webhook is served under: `/hook/<hex sha256>`. */
export const WEBHOOK_PATH_PREFIX = '/hook/';

/** Flux's CrossNamespaceObjectReference, as Receivers use it. */
export interface ReceiverTarget {
  apiVersion?: string;
  kind: ReceiverTargetKind;
  /** A name, or `*` with `matchLabels`. */
  name: string;
  /** The Receiver's own when absent; `*` for every namespace (name `*` only). */
  namespace?: string;
  matchLabels?: Record<string, string>;
}

export interface OidcVariable {
  name: string;
  expression: string;
}

export interface OidcValidation {
  expression: string;
  message: string;
}

/** An issuer `generic-oidc` accepts tokens of, and the CEL rules its tokens must pass. */
export interface OidcProvider {
  issuerURL: string;
  audience?: string;
  variables?: OidcVariable[];
  validations: OidcValidation[];
}

export interface ReceiverSpec {
  type: ReceiverType;
  interval?: string;
  events?: string[];
  resources: ReceiverTarget[];
  /** CEL over `res` (each target's metadata) and `req` (the JSON body): false skips the target. */
  resourceFilter?: string;
  /** Required by every type but `generic-oidc`; its `token` key salts the path and signs. */
  secretRef?: LocalObjectReference;
  oidcProviders?: OidcProvider[];
  suspend?: boolean;
}

export interface ReceiverStatus {
  observedGeneration?: number;
  conditions?: Condition[];
  webhookPath?: string;
  lastHandledReconcileAt?: string;
}

/** A Receiver (`notification.toolkit.fluxcd.io/v1`): a webhook that asks Flux to reconcile now. */
export interface Receiver {
  apiVersion: string;
  kind: typeof RECEIVER_KIND;
  metadata: ObjectMeta;
  spec: ReceiverSpec;
  status?: ReceiverStatus;
}
