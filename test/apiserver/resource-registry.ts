import { builtinResourceTypes } from './core-kinds.js';
import { resourceTypeFromCrd } from './crd-registry.js';
import type { KubeObject } from './kube-object.js';
import { compareKubeVersions, type ResourceType, type ResourceVersion } from './resource-type.js';

export interface ServedResource {
  type: ResourceType;
  version: ResourceVersion;
}

export interface ServedGroup {
  name: string;
  /** Preferred first. */
  versions: string[];
}

/** The resources one server instance serves: the built-in kinds plus one per established CRD. */
export class ResourceRegistry {
  private readonly builtins: ResourceType[] = builtinResourceTypes();
  private readonly custom = new Map<string, ResourceType>();

  all(): ResourceType[] {
    return [...this.builtins, ...this.custom.values()];
  }

  /** A served version of a resource, or undefined (the path then 404s). */
  find(group: string, version: string, resource: string): ServedResource | undefined {
    for (const type of this.all()) {
      if (type.group !== group || type.resource !== resource) continue;
      const served = type.versions.find((v) => v.name === version && v.served);
      if (served) return { type, version: served };
    }
    return undefined;
  }

  findByKind(group: string, kind: string): ResourceType | undefined {
    return this.all().find((t) => t.group === group && t.kind === kind);
  }

  /** Groups in discovery order: built-in groups first, then CRD groups as they were created. */
  groups(): ServedGroup[] {
    const byName = new Map<string, Set<string>>();
    for (const type of this.all()) {
      const versions = byName.get(type.group) ?? new Set<string>();
      for (const v of type.versions) if (v.served) versions.add(v.name);
      byName.set(type.group, versions);
    }
    return [...byName].map(([name, versions]) => ({
      name,
      versions: [...versions].sort(compareKubeVersions),
    }));
  }

  /** Serves (or re-serves, after an update) the resource a CRD defines. */
  applyCrd(crd: KubeObject): void {
    const name = crd.metadata.name;
    if (!name) return;
    const type = resourceTypeFromCrd(crd);
    if (!type.group || !type.resource || !type.kind) return;
    this.custom.set(name, type);
  }

  /** Stops serving every custom resource (a restart that lost its state). */
  clearCustom(): void {
    this.custom.clear();
  }

  removeCrd(name: string): void {
    this.custom.delete(name);
  }

  customTypeOf(crdName: string): ResourceType | undefined {
    return this.custom.get(crdName);
  }
}
