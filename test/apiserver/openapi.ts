import { createHash } from 'node:crypto';
import { isJsonObject, type JsonObject, type JsonValue } from './json.js';
import { objectMetaSchema } from './object-meta.js';
import type { ResourceRegistry } from './resource-registry.js';
import type { ResourceType, ResourceVersion } from './resource-type.js';
import { publishableSchema } from './schema.js';

const META = 'io.k8s.apimachinery.pkg.apis.meta.v1';
const ref = (name: string): JsonObject => ({ $ref: `#/components/schemas/${name}` });

/** Component name of a kind: `io.k8s.api.core.v1.Secret`, `com.example.v1.Widget`. */
function componentName(type: ResourceType, version: string, kind = type.kind): string {
  if (type.group === 'apiextensions.k8s.io')
    return `io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.${version}.${kind}`;
  if (type.builtin) {
    const short = type.group === '' ? 'core' : (type.group.split('.')[0] ?? type.group);
    return `io.k8s.api.${short}.${version}.${kind}`;
  }
  return `${type.group.split('.').reverse().join('.')}.${version}.${kind}`;
}

function gvk(type: ResourceType, version: string, kind = type.kind): JsonObject {
  return { group: type.group, kind, version };
}

function queryParam(name: string, description: string, schemaType = 'string'): JsonObject {
  return { name, in: 'query', description, schema: { type: schemaType, uniqueItems: true } };
}

const PARAMS = {
  dryRun: queryParam(
    'dryRun',
    'When present, indicates that modifications should not be persisted.',
  ),
  fieldManager: queryParam(
    'fieldManager',
    'fieldManager is a name associated with the actor or entity that is making these changes.',
  ),
  fieldValidation: queryParam(
    'fieldValidation',
    'fieldValidation instructs the server on how to handle objects in the request (POST/PUT/PATCH) containing unknown or duplicate fields. Valid values are: - Ignore - Warn - Strict',
  ),
  force: queryParam('force', 'Force is going to "force" Apply requests.', 'boolean'),
  labelSelector: queryParam(
    'labelSelector',
    'A selector to restrict the list of returned objects by their labels.',
  ),
  fieldSelector: queryParam(
    'fieldSelector',
    'A selector to restrict the list of returned objects by their fields.',
  ),
  limit: queryParam(
    'limit',
    'limit is a maximum number of responses to return for a list call.',
    'integer',
  ),
  continue: queryParam(
    'continue',
    'The continue option should be set when retrieving more results from the server.',
  ),
  resourceVersion: queryParam(
    'resourceVersion',
    'resourceVersion sets a constraint on what resource versions a request may be served from.',
  ),
  watch: queryParam('watch', 'Watch for changes to the described resources.', 'boolean'),
  pretty: queryParam('pretty', "If 'true', then the output is pretty printed."),
};

const pathParam = (name: string): JsonObject => ({
  name,
  in: 'path',
  description:
    name === 'namespace'
      ? 'object name and auth scope, such as for teams and projects'
      : `name of the resource`,
  required: true,
  schema: { type: 'string', uniqueItems: true },
});

function jsonResponse(schemaName: string, codes: string[]): JsonObject {
  const responses: JsonObject = {};
  for (const code of codes) {
    responses[code] = {
      description: code === '201' ? 'Created' : code === '202' ? 'Accepted' : 'OK',
      content: {
        'application/json': { schema: ref(schemaName) },
        'application/yaml': { schema: ref(schemaName) },
      },
    };
  }
  return responses;
}

function operation(
  action: string,
  description: string,
  type: ResourceType,
  version: string,
  extra: JsonObject,
): JsonObject {
  return {
    description,
    ...extra,
    'x-kubernetes-action': action,
    'x-kubernetes-group-version-kind': gvk(type, version),
  };
}

function patchContentTypes(type: ResourceType): string[] {
  const types = ['application/json-patch+json', 'application/merge-patch+json'];
  if (type.builtin) types.push('application/strategic-merge-patch+json');
  types.push('application/apply-patch+yaml');
  return types;
}

/** Paths of one resource; every write carries the fieldValidation parameter kubectl looks for. */
function resourcePaths(type: ResourceType, version: ResourceVersion): JsonObject {
  const v = version.name;
  const base = type.group === '' ? `/api/${v}` : `/apis/${type.group}/${v}`;
  const collection = type.namespaced
    ? `${base}/namespaces/{namespace}/${type.resource}`
    : `${base}/${type.resource}`;
  const item = `${collection}/{name}`;
  const scopeParams = type.namespaced ? [pathParam('namespace')] : [];
  const kindSchema = componentName(type, v);
  const listSchema = componentName(type, v, type.listKind);
  const writeParams = [PARAMS.dryRun, PARAMS.fieldManager, PARAMS.fieldValidation];
  const body = (schema: JsonObject): JsonObject => ({
    content: { '*/*': { schema } },
    required: true,
  });
  const patch = (what: string): JsonObject =>
    operation('patch', `partially update ${what} of the specified ${type.kind}`, type, v, {
      parameters: [...writeParams, PARAMS.force],
      requestBody: {
        content: Object.fromEntries(
          patchContentTypes(type).map((ct) => [ct, { schema: ref(`${META}.Patch`) }]),
        ),
        required: true,
      },
      responses: jsonResponse(kindSchema, ['200', '201']),
    });
  const paths: JsonObject = {
    [collection]: {
      get: operation('list', `list or watch objects of kind ${type.kind}`, type, v, {
        parameters: [
          PARAMS.continue,
          PARAMS.fieldSelector,
          PARAMS.labelSelector,
          PARAMS.limit,
          PARAMS.resourceVersion,
          PARAMS.watch,
        ],
        responses: jsonResponse(listSchema, ['200']),
      }),
      post: operation('post', `create a ${type.kind}`, type, v, {
        parameters: writeParams,
        requestBody: body(ref(kindSchema)),
        responses: jsonResponse(kindSchema, ['200', '201', '202']),
      }),
      delete: operation('deletecollection', `delete collection of ${type.kind}`, type, v, {
        parameters: [PARAMS.dryRun, PARAMS.labelSelector, PARAMS.fieldSelector],
        responses: jsonResponse(`${META}.Status`, ['200']),
      }),
      parameters: [...scopeParams, PARAMS.pretty],
    },
    [item]: {
      get: operation('get', `read the specified ${type.kind}`, type, v, {
        responses: jsonResponse(kindSchema, ['200']),
      }),
      put: operation('put', `replace the specified ${type.kind}`, type, v, {
        parameters: writeParams,
        requestBody: body(ref(kindSchema)),
        responses: jsonResponse(kindSchema, ['200', '201']),
      }),
      patch: patch('the'),
      delete: operation('delete', `delete a ${type.kind}`, type, v, {
        parameters: [PARAMS.dryRun],
        requestBody: body(ref(`${META}.DeleteOptions`)),
        responses: jsonResponse(`${META}.Status`, ['200', '202']),
      }),
      parameters: [pathParam('name'), ...scopeParams, PARAMS.pretty],
    },
  };
  if (version.statusSubresource) {
    paths[`${item}/status`] = {
      get: operation('get', `read status of the specified ${type.kind}`, type, v, {
        responses: jsonResponse(kindSchema, ['200']),
      }),
      put: operation('put', `replace status of the specified ${type.kind}`, type, v, {
        parameters: writeParams,
        requestBody: body(ref(kindSchema)),
        responses: jsonResponse(kindSchema, ['200', '201']),
      }),
      patch: patch('status'),
      parameters: [pathParam('name'), ...scopeParams, PARAMS.pretty],
    };
  }
  return paths;
}

/** A kind's schema as published: metadata refers to ObjectMeta, the kind is tagged with its GVK. */
function kindComponent(type: ResourceType, version: ResourceVersion): JsonObject {
  const published = version.publishedSchema;
  const properties: JsonObject = isJsonObject(published.properties)
    ? { ...published.properties }
    : {};
  properties.apiVersion = {
    type: 'string',
    description: 'APIVersion defines the versioned schema of this representation of an object.',
  };
  properties.kind = {
    type: 'string',
    description: 'Kind is a string value representing the REST resource this object represents.',
  };
  properties.metadata = {
    allOf: [ref(`${META}.ObjectMeta`)],
    default: {},
    description: "Standard object's metadata.",
  };
  return {
    ...published,
    type: 'object',
    properties,
    'x-kubernetes-group-version-kind': [gvk(type, version.name)],
  };
}

function listComponent(type: ResourceType, version: string): JsonObject {
  return {
    type: 'object',
    required: ['items'],
    properties: {
      apiVersion: { type: 'string' },
      items: { type: 'array', items: { allOf: [ref(componentName(type, version))], default: {} } },
      kind: { type: 'string' },
      metadata: { allOf: [ref(`${META}.ListMeta`)], default: {} },
    },
    'x-kubernetes-group-version-kind': [gvk(type, version, type.listKind)],
  };
}

const META_COMPONENTS: Record<string, JsonValue> = {
  [`${META}.ObjectMeta`]: publishableSchema(objectMetaSchema),
  [`${META}.ListMeta`]: {
    type: 'object',
    properties: {
      continue: { type: 'string' },
      remainingItemCount: { type: 'integer', format: 'int64' },
      resourceVersion: { type: 'string' },
      selfLink: { type: 'string' },
    },
  },
  [`${META}.Patch`]: {
    type: 'object',
    description:
      'Patch is provided to give a concrete name and type to the Kubernetes PATCH request body.',
  },
  [`${META}.DeleteOptions`]: {
    type: 'object',
    properties: {
      apiVersion: { type: 'string' },
      dryRun: { type: 'array', items: { type: 'string', default: '' } },
      gracePeriodSeconds: { type: 'integer', format: 'int64' },
      kind: { type: 'string' },
      preconditions: {
        type: 'object',
        properties: { resourceVersion: { type: 'string' }, uid: { type: 'string' } },
      },
      propagationPolicy: { type: 'string' },
    },
  },
  [`${META}.Status`]: {
    type: 'object',
    properties: {
      apiVersion: { type: 'string' },
      code: { type: 'integer', format: 'int32' },
      details: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
      kind: { type: 'string' },
      message: { type: 'string' },
      metadata: { allOf: [ref(`${META}.ListMeta`)], default: {} },
      reason: { type: 'string' },
      status: { type: 'string' },
    },
  },
};

/** /openapi/v3 and its per group-version documents, as kubectl reads them to validate and patch. */
export class OpenApiV3 {
  constructor(private readonly registry: ResourceRegistry) {}

  document(group: string, version: string): JsonObject | undefined {
    const types = this.registry
      .all()
      .filter((t) => t.group === group && t.versions.some((v) => v.name === version && v.served));
    if (types.length === 0) return undefined;
    const paths: JsonObject = {};
    const schemas: JsonObject = { ...META_COMPONENTS };
    for (const type of types) {
      const served = type.versions.find((v) => v.name === version);
      if (!served) continue;
      Object.assign(paths, resourcePaths(type, served));
      schemas[componentName(type, version)] = kindComponent(type, served);
      schemas[componentName(type, version, type.listKind)] = listComponent(type, version);
    }
    return {
      openapi: '3.0.0',
      info: { title: 'Kubernetes', version: 'v1.32.0' },
      paths,
      components: { schemas },
    };
  }

  /** GET /openapi/v3: each group-version with a URL whose hash changes with its document. */
  index(): JsonObject {
    const paths: JsonObject = {};
    for (const group of this.registry.groups()) {
      for (const version of group.versions) {
        const doc = this.document(group.name, version);
        if (!doc) continue;
        const prefix = group.name === '' ? 'api' : `apis/${group.name}`;
        const path = `${prefix}/${version}`;
        const hash = createHash('sha512').update(JSON.stringify(doc)).digest('hex').toUpperCase();
        paths[path] = { serverRelativeURL: `/openapi/v3/${path}?hash=${hash}` };
      }
    }
    return { paths };
  }
}
