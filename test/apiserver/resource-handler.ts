import type { IncomingMessage, ServerResponse } from 'node:http';
import { parse as parseYaml } from 'yaml';
import { readBody, sendObject, type SendOptions } from './http-io.js';
import { isJsonObject, omitKeys, type JsonObject, type JsonValue } from './json.js';
import { objectKey, type KubeObject } from './kube-object.js';
import { decodeKubeProtobuf } from './protobuf.js';
import { listObjects, type ListPage } from './list.js';
import { negotiateOutput, type OutputFormat } from './negotiation.js';
import type { ObjectWriter } from './object-writer.js';
import { servedObject, type FieldValidation, type WriteContext } from './write-context.js';
import type { ResourceTarget } from './request-path.js';
import type { ResourceRegistry, ServedResource } from './resource-registry.js';
import { apiVersionOf, groupResourceOf, storageKeyOf } from './resource-type.js';
import {
  checkFieldLabels,
  parseFieldSelector,
  parseLabelSelector,
  type FieldSelector,
  type LabelSelector,
} from './selectors.js';
import { apiErrors } from './status-errors.js';
import type { ObjectStore } from './store.js';
import { buildTable, partialObjectMetadata, type IncludeObject } from './table.js';
import type { WatchHub } from './watch.js';

export interface ResourceHandlerDeps {
  store: ObjectStore;
  registry: ResourceRegistry;
  writer: ObjectWriter;
  watches: WatchHub;
  now: () => Date;
}

/** The verb of a resource request, as the real server's RequestInfo names it. */
export type Verb =
  'get' | 'list' | 'watch' | 'create' | 'update' | 'patch' | 'delete' | 'deletecollection';

export function verbOf(
  method: string,
  target: ResourceTarget,
  query: URLSearchParams,
): Verb | undefined {
  const watchParam = query.get('watch');
  const watching = target.legacyWatch || watchParam === 'true' || watchParam === '1';
  switch (method) {
    case 'GET':
    case 'HEAD':
      if (watching) return 'watch';
      return target.name === undefined ? 'list' : 'get';
    case 'POST':
      return target.name === undefined ? 'create' : undefined;
    case 'PUT':
      return target.name === undefined ? undefined : 'update';
    case 'PATCH':
      return target.name === undefined ? undefined : 'patch';
    case 'DELETE':
      return target.name === undefined ? 'deletecollection' : 'delete';
    default:
      return undefined;
  }
}

function selectorsOf(
  served: ServedResource,
  query: URLSearchParams,
  target: ResourceTarget,
): [LabelSelector, FieldSelector] {
  const labels = parseLabelSelector(query.get('labelSelector') ?? '');
  let fields = parseFieldSelector(query.get('fieldSelector') ?? '');
  checkFieldLabels(fields, served.type.fieldLabels);
  // The legacy /watch/.../{name} form watches one object.
  if (target.legacyWatch && target.name !== undefined)
    fields = [...fields, { field: 'metadata.name', op: '=', value: target.name }];
  return [labels, fields];
}

function intParam(query: URLSearchParams, name: string): number | undefined {
  const raw = query.get(name);
  if (raw === null || raw === '') return undefined;
  if (!/^-?\d+$/.test(raw))
    throw apiErrors.badRequest(`${name}: Invalid value: "${raw}": must be an integer`);
  return Number(raw);
}

function includeObjectOf(query: URLSearchParams): IncludeObject {
  const raw = query.get('includeObject') ?? 'Metadata';
  if (raw === '' || raw === 'Metadata') return 'Metadata';
  if (raw === 'Object' || raw === 'None') return raw;
  throw apiErrors.badRequest(`unrecognized includeObject value: "${raw}"`);
}

function fieldValidationOf(query: URLSearchParams): FieldValidation {
  const raw = query.get('fieldValidation') ?? 'Warn';
  if (raw === 'Ignore' || raw === 'Warn' || raw === 'Strict') return raw;
  throw apiErrors.badRequest(
    `fieldValidation: Unsupported value: "${raw}": supported values: "Ignore", "Strict", "Warn"`,
  );
}

/** The field manager of a request: the fieldManager parameter, else the User-Agent's product. */
function fieldManagerOf(req: IncomingMessage, query: URLSearchParams): string {
  const explicit = query.get('fieldManager');
  if (explicit) return explicit;
  const agent = req.headers['user-agent'] ?? '';
  return agent.split('/')[0] ?? '';
}

/** The list object of a version: typed lists leave kind/apiVersion off their items, as Go's do. */
function listBody(served: ServedResource, page: ListPage): JsonObject {
  const { type, version } = served;
  const apiVersion = apiVersionOf(type.group, version.name);
  if (!type.builtin) {
    // An unstructured list: Go map order, and `continue` always written.
    const metadata: JsonObject = { continue: page.continue ?? '' };
    if (page.remainingItemCount !== undefined)
      metadata.remainingItemCount = page.remainingItemCount;
    metadata.resourceVersion = page.resourceVersion;
    const items = page.items.map((o) => servedObject(o, type, version));
    return { apiVersion, items, kind: type.listKind, metadata };
  }
  const metadata: JsonObject = { resourceVersion: page.resourceVersion };
  if (page.continue) metadata.continue = page.continue;
  if (page.remainingItemCount !== undefined) metadata.remainingItemCount = page.remainingItemCount;
  const items = page.items.map((o) =>
    omitKeys(servedObject(o, type, version), ['kind', 'apiVersion']),
  );
  return { kind: type.listKind, apiVersion, metadata, items };
}

function render(
  served: ServedResource,
  output: OutputFormat,
  query: URLSearchParams,
  now: Date,
  objects: readonly KubeObject[],
  page: ListPage | undefined,
): JsonObject {
  const shown = objects.map((o) => servedObject(o, served.type, served.version));
  if (output.kind === 'table') {
    const listMeta = page ?? { resourceVersion: shown[0]?.metadata.resourceVersion ?? '' };
    const table = buildTable(served.version.table, shown, listMeta, {
      includeObject: includeObjectOf(query),
      noHeaders: false,
      now,
    });
    return { ...table, apiVersion: output.apiVersion };
  }
  if (output.kind === 'partial') {
    const partials = shown.map((o) => ({
      ...partialObjectMetadata(o),
      apiVersion: output.apiVersion,
    }));
    if (!page) return partials[0] ?? {};
    const metadata: JsonObject = { resourceVersion: page.resourceVersion };
    if (page.continue) metadata.continue = page.continue;
    return {
      kind: 'PartialObjectMetadataList',
      apiVersion: output.apiVersion,
      metadata,
      items: partials,
    };
  }
  if (page) return listBody(served, page);
  return shown[0] ?? {};
}

const PROTOBUF = 'application/vnd.kubernetes.protobuf';

/** A POST/PUT/DELETE body as JSON; built-in kinds also take the protobuf typed clients send. */
function parseRequestObject(raw: Buffer, contentType: string, builtin: boolean): JsonValue {
  const mediaType = (contentType.split(';')[0] ?? '').trim().toLowerCase();
  if (mediaType === PROTOBUF && builtin) return decodeKubeProtobuf(raw);
  const text = raw.toString('utf8');
  try {
    if (mediaType === 'application/yaml') return parseYaml(text) as JsonValue;
    if (mediaType === '' || mediaType === 'application/json' || mediaType === '*/*')
      return JSON.parse(text) as JsonValue;
  } catch (error) {
    throw apiErrors.badRequest(
      `the object provided is unrecognized: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  throw apiErrors.unsupportedMediaType(
    builtin
      ? ['application/json', 'application/yaml', PROTOBUF]
      : ['application/json', 'application/yaml'],
  );
}

function deleteOptionsOf(
  raw: Buffer,
  contentType: string,
  builtin: boolean,
  query: URLSearchParams,
): JsonObject {
  let options: JsonObject = {};
  if (raw.length > 0) {
    const parsed = parseRequestObject(raw, contentType, builtin);
    if (isJsonObject(parsed)) options = parsed;
  }
  const propagation = query.get('propagationPolicy');
  if (propagation) options.propagationPolicy = propagation;
  return options;
}

/** Serves one request on a resource (get, list, watch, create, update, patch, delete, deletecollection). */
export async function handleResource(
  deps: ResourceHandlerDeps,
  req: IncomingMessage,
  res: ServerResponse,
  target: ResourceTarget,
  query: URLSearchParams,
  verb: Verb,
  headers: Record<string, string>,
): Promise<void> {
  const served = deps.registry.find(target.group, target.version, target.resource);
  if (!served) throw apiErrors.pathNotFound();
  const { type, version } = served;
  if (target.namespace !== undefined && !type.namespaced) throw apiErrors.pathNotFound();
  const clusterWide = type.namespaced && target.namespace === undefined;
  if (clusterWide && verb !== 'list' && verb !== 'watch') throw apiErrors.pathNotFound();
  const subresource = target.subresource ?? '';
  const isNamespaceFinalize =
    subresource === 'finalize' && type.group === '' && type.resource === 'namespaces';
  if (
    subresource &&
    !(subresource === 'status' && version.statusSubresource) &&
    !isNamespaceFinalize
  ) {
    throw apiErrors.pathNotFound();
  }
  if (subresource && !['get', 'update', 'patch'].includes(verb))
    throw apiErrors.methodNotSupported(groupResourceOf(type));
  if (isNamespaceFinalize && verb !== 'update')
    throw apiErrors.methodNotSupported(groupResourceOf(type));

  const warnings: string[] = version.deprecationWarning ? [version.deprecationWarning] : [];
  const now = deps.now();
  const readOutput = (): OutputFormat => negotiateOutput(req.headers.accept, true);
  const send = (code: number, body: JsonObject, yaml = false): void => {
    const options: SendOptions = { headers, warnings, yaml };
    sendObject(res, code, body, options);
  };
  const name = target.name ?? '';

  if (verb === 'get') {
    const output = readOutput();
    const object = deps.store.get(
      storageKeyOf(type),
      objectKey(type.namespaced ? target.namespace : undefined, name),
    );
    if (!object) throw apiErrors.notFound(groupResourceOf(type), name);
    send(200, render(served, output, query, now, [object], undefined), output.kind === 'yaml');
    return;
  }
  if (verb === 'list' || verb === 'watch') {
    const output = readOutput();
    const [labelSelector, fieldSelector] = selectorsOf(served, query, target);
    if (verb === 'watch') {
      const timeout = intParam(query, 'timeoutSeconds');
      const initial = query.get('sendInitialEvents');
      deps.watches.open(
        res,
        {
          type,
          version,
          namespace: target.namespace,
          labelSelector,
          fieldSelector,
          output,
          includeObject: includeObjectOf(query),
          allowBookmarks: query.get('allowWatchBookmarks') === 'true',
          resourceVersion: query.get('resourceVersion') ?? undefined,
          sendInitialEvents: initial === null ? undefined : initial === 'true',
          timeoutSeconds: timeout,
        },
        headers,
      );
      return;
    }
    const page = listObjects(deps.store, type, {
      namespace: target.namespace,
      labelSelector,
      fieldSelector,
      limit: intParam(query, 'limit'),
      continueToken: query.get('continue') ?? undefined,
      resourceVersion: query.get('resourceVersion') ?? undefined,
      resourceVersionMatch: query.get('resourceVersionMatch') ?? undefined,
    });
    send(200, render(served, output, query, now, page.items, page), output.kind === 'yaml');
    return;
  }

  const dryRunParam = query.get('dryRun');
  if (dryRunParam !== null && dryRunParam !== 'All')
    throw apiErrors.badRequest(`Invalid dry run value: ${dryRunParam}`);
  const ctx: WriteContext = {
    type,
    version,
    namespace: target.namespace,
    subresource: subresource === 'status' ? 'status' : '',
    fieldManager: fieldManagerOf(req, query),
    fieldValidation: fieldValidationOf(query),
    dryRun: dryRunParam === 'All',
    warnings,
  };
  const raw = await readBody(req);
  const contentType = req.headers['content-type'] ?? '';
  const yamlOut = (): boolean => negotiateOutput(req.headers.accept, false).kind === 'yaml';
  switch (verb) {
    case 'create': {
      const created = deps.writer.create(ctx, parseRequestObject(raw, contentType, type.builtin));
      send(201, created, yamlOut());
      return;
    }
    case 'update': {
      const result = deps.writer.replace(
        ctx,
        name,
        parseRequestObject(raw, contentType, type.builtin),
      );
      send(result.created ? 201 : 200, result.object, yamlOut());
      return;
    }
    case 'patch': {
      const force = query.get('force') === 'true';
      const result = deps.writer.patch(ctx, name, contentType, raw.toString('utf8'), force);
      send(result.created ? 201 : 200, result.object, yamlOut());
      return;
    }
    case 'delete': {
      const result = deps.writer.delete(
        ctx,
        name,
        deleteOptionsOf(raw, contentType, type.builtin, query),
      );
      send(200, result.body, yamlOut());
      return;
    }
    case 'deletecollection': {
      const [labelSelector, fieldSelector] = selectorsOf(served, query, target);
      const page = listObjects(deps.store, type, {
        namespace: target.namespace,
        labelSelector,
        fieldSelector,
        limit: undefined,
        continueToken: undefined,
        resourceVersion: undefined,
        resourceVersionMatch: undefined,
      });
      const deleted = ctx.dryRun
        ? page.items
        : page.items.map((o) => {
            const result = deps.writer.deleteStored(type, version, o);
            return result.removed ? o : (result.body as KubeObject);
          });
      send(
        200,
        listBody(served, {
          items: deleted,
          resourceVersion: String(deps.store.currentResourceVersion()),
        }),
        yamlOut(),
      );
      return;
    }
  }
}
