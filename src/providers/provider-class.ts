/**
 * What a provider type posts to, as routing needs to know it:
 * - `chat`: a chat room;
 * - `git`: commit statuses on a Git host, the only class that takes Flux's commit-status
 *   updates (`<group>/commit_status: update`);
 * - `git-change-request`: comments on a pull or merge request;
 * - `other`: webhooks, event buses, incident and observability tools, logs.
 */
export type ProviderClass = 'chat' | 'git' | 'git-change-request' | 'other';

/**
 * Every type name Flux's v1beta3 Provider accepts, in the order of Flux's CRD enum, with its
 * class. The `git` types are those Flux sets commit statuses with (`isCommitStatusProvider` in
 * its `internal/server/provider_commit_status.go`); the change-request types are its
 * `*pullrequestcomment`/`*mergerequestcomment` types. Known here so that routing treats a type
 * right before Herald delivers to it.
 */
export const FLUX_PROVIDER_CLASSES = {
  slack: 'chat',
  discord: 'chat',
  msteams: 'chat',
  rocket: 'chat',
  generic: 'other',
  'generic-hmac': 'other',
  github: 'git',
  gitlab: 'git',
  gitea: 'git',
  giteapullrequestcomment: 'git-change-request',
  bitbucketserver: 'git',
  bitbucket: 'git',
  azuredevops: 'git',
  googlechat: 'chat',
  googlepubsub: 'other',
  webex: 'chat',
  sentry: 'other',
  azureeventhub: 'other',
  telegram: 'chat',
  lark: 'chat',
  matrix: 'chat',
  opsgenie: 'other',
  alertmanager: 'other',
  grafana: 'other',
  githubdispatch: 'other',
  githubpullrequestcomment: 'git-change-request',
  gitlabmergerequestcomment: 'git-change-request',
  pagerduty: 'other',
  datadog: 'other',
  nats: 'other',
  zulip: 'chat',
  otel: 'other',
  zoom: 'chat',
  'incident.io': 'other',
} as const satisfies Readonly<Record<string, ProviderClass>>;

export type FluxProviderType = keyof typeof FLUX_PROVIDER_CLASSES;

/** Flux's type names, in its CRD enum's order. */
export const FLUX_PROVIDER_TYPES = Object.keys(
  FLUX_PROVIDER_CLASSES,
) as readonly FluxProviderType[];

export function isFluxProviderType(type: string): type is FluxProviderType {
  return Object.hasOwn(FLUX_PROVIDER_CLASSES, type);
}

/** The chat types, in the CRD enum's order: the ones a message template (`spec.template`) is for. */
export const CHAT_TYPES = FLUX_PROVIDER_TYPES.filter(
  (type) => FLUX_PROVIDER_CLASSES[type] === 'chat',
);
