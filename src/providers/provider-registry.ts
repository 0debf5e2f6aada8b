/**
 * The provider types Herald delivers to. Adding one means its own module in this folder (a
 * ProviderDescriptor: class, credential check, limits, README row, notifier constructor) and
 * one line in PROVIDER_REGISTRY; readiness, routing, `createNotifier` and the README test all
 * follow from it. Only a type Flux does not have also needs its name in HERALD_PROVIDER_TYPES,
 * the CRD's enum.
 */
import type { ProviderType } from '../api/provider.js';
import { GENERIC_PROVIDER } from './generic.js';
import { GENERIC_HMAC_PROVIDER } from './generic-hmac.js';
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
import { FLUX_PROVIDER_CLASSES, isFluxProviderType, type ProviderClass } from './provider-class.js';
import type { ProviderDescriptor } from './provider-descriptor.js';
import { SLACK_PROVIDER } from './slack.js';

/** In the README's order. */
export const PROVIDER_REGISTRY: readonly ProviderDescriptor[] = [
  SLACK_PROVIDER,
  GENERIC_PROVIDER,
  GENERIC_HMAC_PROVIDER,
  LOKI_PROVIDER,
  GITHUB_PROVIDER,
  GITLAB_PROVIDER,
  GITEA_PROVIDER,
  BITBUCKET_PROVIDER,
  BITBUCKET_SERVER_PROVIDER,
  AZURE_DEVOPS_PROVIDER,
  GITHUB_DISPATCH_PROVIDER,
  GITHUB_PULL_REQUEST_COMMENT_PROVIDER,
  GITLAB_MERGE_REQUEST_COMMENT_PROVIDER,
  GITEA_PULL_REQUEST_COMMENT_PROVIDER,
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
