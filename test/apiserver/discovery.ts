import { createHash } from 'node:crypto';
import type { JsonObject } from './json.js';
import type { ResourceRegistry, ServedGroup } from './resource-registry.js';
import { apiVersionOf, type ResourceType } from './resource-type.js';

/** The real server lists built-in verbs sorted; apiextensions lists custom resource verbs its own way. */
const BUILTIN_VERBS = [
  'create',
  'delete',
  'deletecollection',
  'get',
  'list',
  'patch',
  'update',
  'watch',
];
const CUSTOM_VERBS = [
  'delete',
  'deletecollection',
  'get',
  'list',
  'patch',
  'create',
  'update',
  'watch',
];
const STATUS_VERBS = ['get', 'patch', 'update'];

/** discovery.StorageVersionHash: base64 of the first 8 bytes of sha256("group/version/kind"). */
function storageVersionHash(type: ResourceType): string {
  const storage = type.versions.find((v) => v.storage) ?? type.versions[0];
  const digest = createHash('sha256')
    .update(`${type.group}/${storage?.name ?? ''}/${type.kind}`)
    .digest();
  return digest.subarray(0, 8).toString('base64');
}

function apiResources(type: ResourceType, version: string): JsonObject[] {
  const served = type.versions.find((v) => v.name === version && v.served);
  if (!served) return [];
  const main: JsonObject = {
    name: type.resource,
    singularName: type.singular,
    namespaced: type.namespaced,
    kind: type.kind,
    verbs: type.builtin ? BUILTIN_VERBS : CUSTOM_VERBS,
  };
  if (type.shortNames.length) main.shortNames = [...type.shortNames];
  if (type.categories.length) main.categories = [...type.categories];
  main.storageVersionHash = storageVersionHash(type);
  const resources = [main];
  const subresource = (name: string, verbs: readonly string[]): JsonObject => ({
    name: `${type.resource}/${name}`,
    singularName: '',
    namespaced: type.namespaced,
    kind: type.kind,
    verbs: [...verbs],
  });
  for (const extra of type.extraSubresources ?? [])
    resources.push(subresource(extra.name, extra.verbs));
  if (served.statusSubresource) resources.push(subresource('status', STATUS_VERBS));
  return resources;
}

function groupVersion(group: string, version: string): JsonObject {
  return { groupVersion: apiVersionOf(group, version), version };
}

function apiGroup(group: ServedGroup): JsonObject {
  const preferred = group.versions[0] ?? '';
  return {
    name: group.name,
    versions: group.versions.map((v) => groupVersion(group.name, v)),
    preferredVersion: groupVersion(group.name, preferred),
  };
}

/** Classic (unaggregated) discovery documents, built from what the registry serves right now. */
export class Discovery {
  constructor(private readonly registry: ResourceRegistry) {}

  /** GET /api */
  coreVersions(serverAddress: string): JsonObject {
    return {
      kind: 'APIVersions',
      versions: ['v1'],
      serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress }],
    };
  }

  /** GET /apis */
  groupList(): JsonObject {
    return {
      kind: 'APIGroupList',
      apiVersion: 'v1',
      groups: this.registry
        .groups()
        .filter((g) => g.name !== '')
        .map(apiGroup),
    };
  }

  /** GET /apis/{group}, or undefined when no such group is served. */
  group(name: string): JsonObject | undefined {
    const group = this.registry.groups().find((g) => g.name === name && name !== '');
    return group ? { kind: 'APIGroup', apiVersion: 'v1', ...apiGroup(group) } : undefined;
  }

  /** GET /api/v1 or /apis/{group}/{version}, or undefined when that version is not served. */
  resourceList(group: string, version: string): JsonObject | undefined {
    const served = this.registry
      .groups()
      .find((g) => g.name === group)
      ?.versions.includes(version);
    if (!served) return undefined;
    const resources = this.registry
      .all()
      .filter((t) => t.group === group)
      .flatMap((t) => apiResources(t, version));
    const head: JsonObject =
      group === '' ? { kind: 'APIResourceList' } : { kind: 'APIResourceList', apiVersion: 'v1' };
    return { ...head, groupVersion: apiVersionOf(group, version), resources };
  }
}

export const VERSION_INFO: JsonObject = {
  major: '1',
  minor: '32',
  gitVersion: 'v1.32.0',
  gitCommit: '70d3cc986aa8221cd1dfb1121852688902d3bf53',
  gitTreeState: 'clean',
  buildDate: '2024-12-11T17:59:15Z',
  goVersion: 'go1.23.3',
  compiler: 'gc',
  platform: 'linux/amd64',
};
