import {
  configMapTable,
  eventTable,
  leaseTable,
  namespaceTable,
  secretTable,
} from './core-printers.js';
import {
  configMapSchema,
  crdSchema,
  eventSchema,
  leaseSchema,
  namespaceSchema,
  secretSchema,
} from './core-schemas.js';
import {
  configMapHooks,
  eventHooks,
  leaseHooks,
  namespaceHooks,
  secretHooks,
} from './core-hooks.js';
import { crdHooks } from './crd-validation.js';
import { getString } from './json.js';
import type { KubeObject } from './kube-object.js';
import {
  metadataFields,
  type KindHooks,
  type ResourceType,
  type TableDefinition,
} from './resource-type.js';
import { publishableSchema, type Schema } from './schema.js';
import { defaultTable } from './table.js';

interface BuiltinSpec {
  group: string;
  resource: string;
  kind: string;
  namespaced: boolean;
  schema: Schema;
  table: TableDefinition;
  shortNames?: string[];
  categories?: string[];
  statusSubresource?: boolean;
  tracksGeneration?: boolean;
  nameRule?: 'dns-subdomain' | 'dns-label';
  allowCreateOnUpdate?: boolean;
  extraFields?: Record<string, (o: KubeObject) => string>;
  hooks?: KindHooks;
  extraSubresources?: { name: string; verbs: string[] }[];
}

function builtin(spec: BuiltinSpec): ResourceType {
  const extraFields = spec.extraFields ?? {};
  return {
    group: spec.group,
    resource: spec.resource,
    singular: spec.kind.toLowerCase(),
    kind: spec.kind,
    listKind: `${spec.kind}List`,
    namespaced: spec.namespaced,
    shortNames: spec.shortNames ?? [],
    categories: spec.categories ?? [],
    versions: [
      {
        name: 'v1',
        served: true,
        storage: true,
        schema: spec.schema,
        publishedSchema: publishableSchema(spec.schema),
        statusSubresource: spec.statusSubresource ?? false,
        table: spec.table,
      },
    ],
    builtin: true,
    tracksGeneration: spec.tracksGeneration ?? false,
    nameRule: spec.nameRule ?? 'dns-subdomain',
    allowCreateOnUpdate: spec.allowCreateOnUpdate ?? false,
    fieldLabels: new Set(['metadata.name', 'metadata.namespace', ...Object.keys(extraFields)]),
    fieldsOf: (o) => {
      const fields = metadataFields(o);
      for (const [label, read] of Object.entries(extraFields)) fields[label] = read(o);
      return fields;
    },
    hooks: spec.hooks ?? {},
    ...(spec.extraSubresources ? { extraSubresources: spec.extraSubresources } : {}),
  };
}

const str = (path: string[]) => (o: KubeObject) => getString(o, path) ?? '';

/** The kinds every server instance serves from the start. */
export function builtinResourceTypes(): ResourceType[] {
  return [
    builtin({
      group: '',
      resource: 'namespaces',
      kind: 'Namespace',
      namespaced: false,
      schema: namespaceSchema,
      table: namespaceTable,
      shortNames: ['ns'],
      statusSubresource: true,
      nameRule: 'dns-label',
      extraFields: { 'status.phase': str(['status', 'phase']) },
      hooks: namespaceHooks,
      extraSubresources: [{ name: 'finalize', verbs: ['update'] }],
    }),
    builtin({
      group: '',
      resource: 'secrets',
      kind: 'Secret',
      namespaced: true,
      schema: secretSchema,
      table: secretTable,
      extraFields: { type: str(['type']) },
      hooks: secretHooks,
    }),
    builtin({
      group: '',
      resource: 'configmaps',
      kind: 'ConfigMap',
      namespaced: true,
      schema: configMapSchema,
      table: configMapTable,
      shortNames: ['cm'],
      hooks: configMapHooks,
    }),
    builtin({
      group: '',
      resource: 'events',
      kind: 'Event',
      namespaced: true,
      schema: eventSchema,
      table: eventTable,
      shortNames: ['ev'],
      allowCreateOnUpdate: true,
      extraFields: {
        'involvedObject.kind': str(['involvedObject', 'kind']),
        'involvedObject.namespace': str(['involvedObject', 'namespace']),
        'involvedObject.name': str(['involvedObject', 'name']),
        'involvedObject.uid': str(['involvedObject', 'uid']),
        'involvedObject.apiVersion': str(['involvedObject', 'apiVersion']),
        'involvedObject.resourceVersion': str(['involvedObject', 'resourceVersion']),
        'involvedObject.fieldPath': str(['involvedObject', 'fieldPath']),
        reason: str(['reason']),
        reportingComponent: str(['reportingComponent']),
        source: str(['source', 'component']),
        type: str(['type']),
      },
      hooks: eventHooks,
    }),
    builtin({
      group: 'apiextensions.k8s.io',
      resource: 'customresourcedefinitions',
      kind: 'CustomResourceDefinition',
      namespaced: false,
      schema: crdSchema,
      table: defaultTable,
      shortNames: ['crd', 'crds'],
      categories: ['api-extensions'],
      statusSubresource: true,
      tracksGeneration: true,
      hooks: crdHooks,
    }),
    builtin({
      group: 'coordination.k8s.io',
      resource: 'leases',
      kind: 'Lease',
      namespaced: true,
      schema: leaseSchema,
      table: leaseTable,
      allowCreateOnUpdate: true,
      hooks: leaseHooks,
    }),
  ];
}
