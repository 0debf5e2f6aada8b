/**
 * The provider types Herald delivers to. Adding one means its own module in this folder (a
 * ProviderDescriptor: class, credential check, limits, README row, notifier constructor) and
 * one line in PROVIDER_REGISTRY; readiness, routing, `createNotifier` and the README test all
 * follow from it. Only a type Flux does not have also needs its name in HERALD_PROVIDER_TYPES,
 * the CRD's enum.
 */
import type { ProviderType } from '../api/provider.js';
import { ALERTMANAGER_PROVIDER } from './alertmanager.js';
import { GENERIC_PROVIDER } from './generic.js';
import { GENERIC_HMAC_PROVIDER } from './generic-hmac.js';
import { INCIDENT_IO_PROVIDER } from './incident-io.js';
import { LARK_PROVIDER } from './lark.js';
import { AZURE_EVENTHUB_PROVIDER } from './azureeventhub.js';
import { DATADOG_PROVIDER } from './datadog.js';
import { GOOGLE_PUBSUB_PROVIDER } from './googlepubsub.js';
import { OTEL_PROVIDER } from './otel.js';
import { SENTRY_PROVIDER } from './sentry.js';
import { GITHUB_PROVIDER } from './github.js';
import { GITEA_PULL_REQUEST_COMMENT_PROVIDER } from './giteapullrequestcomment.js';
import { GITLAB_MERGE_REQUEST_COMMENT_PROVIDER } from './gitlabmergerequestcomment.js';
import { GITHUB_PULL_REQUEST_COMMENT_PROVIDER } from './githubpullrequestcomment.js';
import { GITHUB_DISPATCH_PROVIDER } from './githubdispatch.js';
import { AZURE_DEVOPS_PROVIDER } from './azuredevops.js';
import { BITBUCKET_SERVER_PROVIDER } from './bitbucketserver.js';
import { BITBUCKET_PROVIDER } from './bitbucket.js';
import { GITEA_PROVIDER } from './gitea.js';
import { GITLAB_PROVIDER } from './gitlab.js';
import { LOKI_PROVIDER } from './loki.js';
import { MATRIX_PROVIDER } from './matrix.js';
import { GRAFANA_PROVIDER } from './grafana.js';
import { NATS_PROVIDER } from './nats.js';
import { OPSGENIE_PROVIDER } from './opsgenie.js';
import { PAGERDUTY_PROVIDER } from './pagerduty.js';
import { FLUX_PROVIDER_CLASSES, isFluxProviderType, type ProviderClass } from './provider-class.js';
import type { ProviderDescriptor } from './provider-descriptor.js';
import { SLACK_PROVIDER } from './slack.js';
import { TELEGRAM_PROVIDER } from './telegram.js';
import { ZOOM_PROVIDER } from './zoom.js';
import { ZULIP_PROVIDER } from './zulip.js';
import { MSTEAMS_PROVIDER } from './msteams.js';
import { DISCORD_PROVIDER } from './discord.js';
import { ROCKET_PROVIDER } from './rocket.js';
import { GOOGLECHAT_PROVIDER } from './googlechat.js';
import { WEBEX_PROVIDER } from './webex.js';

/** In the README's order: Flux's (its CRD enum's), then Herald's own. */
export const PROVIDER_REGISTRY: readonly ProviderDescriptor[] = [
  SLACK_PROVIDER,
  DISCORD_PROVIDER,
  MSTEAMS_PROVIDER,
  ROCKET_PROVIDER,
  GENERIC_PROVIDER,
  GENERIC_HMAC_PROVIDER,
  GITHUB_PROVIDER,
  GITLAB_PROVIDER,
  GITEA_PROVIDER,
  GITEA_PULL_REQUEST_COMMENT_PROVIDER,
  BITBUCKET_SERVER_PROVIDER,
  BITBUCKET_PROVIDER,
  AZURE_DEVOPS_PROVIDER,
  GOOGLECHAT_PROVIDER,
  GOOGLE_PUBSUB_PROVIDER,
  WEBEX_PROVIDER,
  SENTRY_PROVIDER,
  AZURE_EVENTHUB_PROVIDER,
  TELEGRAM_PROVIDER,
  LARK_PROVIDER,
  MATRIX_PROVIDER,
  OPSGENIE_PROVIDER,
  ALERTMANAGER_PROVIDER,
  GRAFANA_PROVIDER,
  GITHUB_DISPATCH_PROVIDER,
  GITHUB_PULL_REQUEST_COMMENT_PROVIDER,
  GITLAB_MERGE_REQUEST_COMMENT_PROVIDER,
  PAGERDUTY_PROVIDER,
  DATADOG_PROVIDER,
  NATS_PROVIDER,
  ZULIP_PROVIDER,
  OTEL_PROVIDER,
  ZOOM_PROVIDER,
  INCIDENT_IO_PROVIDER,
  LOKI_PROVIDER,
];

const DESCRIPTORS: ReadonlyMap<string, ProviderDescriptor> = new Map(
  PROVIDER_REGISTRY.map((descriptor) => [descriptor.type, descriptor]),
);

/** The type's descriptor; undefined for a type Herald does not deliver to (yet). */
export function providerDescriptor(type: string): ProviderDescriptor | undefined {
  return DESCRIPTORS.get(type);
}

/** The types Herald delivers to, sorted (as messages list them). */
export const DELIVERED_PROVIDER_TYPES: readonly ProviderType[] = PROVIDER_REGISTRY.map(
  (descriptor) => descriptor.type,
).sort();

/** The class of any type the schema accepts, delivered to or not. */
export function providerClassOf(type: ProviderType): ProviderClass {
  const descriptor = DESCRIPTORS.get(type);
  if (descriptor !== undefined) return descriptor.class;
  // Herald's own types are all in the registry (a unit test checks it).
  return isFluxProviderType(type) ? FLUX_PROVIDER_CLASSES[type] : 'other';
}
