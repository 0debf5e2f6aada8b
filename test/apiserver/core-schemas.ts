import { objectMetaSchema } from './object-meta.js';
import { s, type Schema } from './schema.js';

/** Root schema of a built-in kind: TypeMeta, ObjectMeta and the kind's own members, Go-typed. */
function builtinRoot(goType: string, members: Record<string, Schema>): Schema {
  return s.object(
    { apiVersion: s.string(), kind: s.string(), metadata: objectMetaSchema, ...members },
    { 'x-herald-go-type': goType },
  );
}

const objectReference: Schema = s.object(
  {
    kind: s.string(),
    namespace: s.string(),
    name: s.string(),
    uid: s.string(),
    apiVersion: s.string(),
    resourceVersion: s.string(),
    fieldPath: s.string(),
  },
  { 'x-herald-go-type': 'v1.ObjectReference' },
);

const microTime: Schema = {
  type: 'string',
  format: 'date-time',
  'x-herald-go-type': 'v1.MicroTime',
};

export const namespaceSchema = builtinRoot('Namespace', {
  spec: s.object({ finalizers: s.stringList() }),
  status: s.object({
    phase: s.string(),
    conditions: s.arrayOf(
      s.object({
        type: s.string(),
        status: s.string(),
        lastTransitionTime: s.time(),
        reason: s.string(),
        message: s.string(),
      }),
    ),
  }),
});

/** `data` values are base64; Go decodes them into []byte, so bad base64 fails decoding. */
export const secretSchema = builtinRoot('Secret', {
  immutable: s.boolean(),
  data: { type: 'object', additionalProperties: { type: 'string', format: 'byte' } },
  stringData: s.stringMap(),
  type: s.string(),
});

export const configMapSchema = builtinRoot('ConfigMap', {
  immutable: s.boolean(),
  data: s.stringMap(),
  binaryData: { type: 'object', additionalProperties: { type: 'string', format: 'byte' } },
});

export const eventSchema = builtinRoot('Event', {
  involvedObject: objectReference,
  reason: s.string(),
  message: s.string(),
  source: s.object({ component: s.string(), host: s.string() }),
  firstTimestamp: s.time(),
  lastTimestamp: s.time(),
  count: s.int32(),
  type: s.string(),
  eventTime: microTime,
  series: s.object({ count: s.int32(), lastObservedTime: microTime }),
  action: s.string(),
  related: objectReference,
  reportingComponent: s.string(),
  reportingInstance: s.string(),
});

export const leaseSchema = builtinRoot('Lease', {
  spec: s.object({
    holderIdentity: s.string(),
    leaseDurationSeconds: s.int32(),
    acquireTime: microTime,
    renewTime: microTime,
    leaseTransitions: s.int32(),
    strategy: s.string(),
    preferredHolder: s.string(),
  }),
});

const printerColumnSchema = s.object({
  name: s.string(),
  type: s.string(),
  format: s.string(),
  description: s.string(),
  priority: s.int32(),
  jsonPath: s.string(),
});

export const crdSchema = builtinRoot('CustomResourceDefinition', {
  spec: s.object({
    group: s.string(),
    names: s.object({
      plural: s.string(),
      singular: s.string(),
      shortNames: s.stringList(),
      kind: s.string(),
      listKind: s.string(),
      categories: s.stringList(),
    }),
    scope: s.string(),
    versions: s.arrayOf(
      s.object({
        name: s.string(),
        served: s.boolean(),
        storage: s.boolean(),
        deprecated: s.boolean(),
        deprecationWarning: s.string(),
        schema: s.object({ openAPIV3Schema: s.freeform() }),
        subresources: s.object({ status: s.freeform(), scale: s.freeform() }),
        additionalPrinterColumns: s.arrayOf(printerColumnSchema),
        selectableFields: s.arrayOf(s.object({ jsonPath: s.string() })),
      }),
    ),
    conversion: s.freeform(),
    preserveUnknownFields: s.boolean(),
  }),
  status: s.freeform(),
});
