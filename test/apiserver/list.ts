import { objectKey, type KubeObject } from './kube-object.js';
import { storageKeyOf, type ResourceType } from './resource-type.js';
import {
  matchesFields,
  matchesLabels,
  type FieldSelector,
  type LabelSelector,
} from './selectors.js';
import { apiErrors, ApiError, failure } from './status-errors.js';
import type { ObjectStore } from './store.js';

export interface ListQuery {
  namespace: string | undefined;
  labelSelector: LabelSelector;
  fieldSelector: FieldSelector;
  limit: number | undefined;
  continueToken: string | undefined;
  resourceVersion: string | undefined;
  resourceVersionMatch: string | undefined;
}

export interface ListPage {
  items: KubeObject[];
  resourceVersion: string;
  continue?: string;
  remainingItemCount?: number;
}

interface ContinueToken {
  rv: number;
  start: string;
}

const CONTINUE_EXPIRED_MESSAGE =
  'The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter, or use the continue token in this response to retrieve the remainder of the results. Continuing with the provided token results in an inconsistent list - objects that were created, modified, or deleted between the time the first chunk was returned and now may show up in the list.';

/** The token the real server hands out: base64url of `{"v":"meta.k8s.io/v1","rv":N,"start":"key\u0000"}`. */
function encodeContinue(rv: number, lastKey: string): string {
  return Buffer.from(
    JSON.stringify({ v: 'meta.k8s.io/v1', rv, start: `${lastKey}\u0000` }),
  ).toString('base64url');
}

function decodeContinue(token: string): ContinueToken {
  try {
    const parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as {
      v?: unknown;
      rv?: unknown;
      start?: unknown;
    };
    if (parsed.v !== 'meta.k8s.io/v1') throw new Error('unsupported version');
    if (typeof parsed.rv !== 'number' || typeof parsed.start !== 'string')
      throw new Error('malformed');
    return { rv: parsed.rv, start: parsed.start };
  } catch (error) {
    throw apiErrors.badRequest(
      `continue key is not valid: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}

export function parseResourceVersion(value: string): number {
  if (!/^\d+$/.test(value)) throw apiErrors.badRequest(`invalid resource version: ${value}`);
  return Number(value);
}

/** 504 like the real server's when a client asks for a resourceVersion the server has not reached. */
export function tooLargeResourceVersion(wanted: number, current: number): ApiError {
  return new ApiError(
    failure(504, 'Timeout', `Too large resource version: ${wanted}, current: ${current}`, {
      causes: [{ reason: 'ResourceVersionTooLarge', message: 'Too large resource version' }],
      retryAfterSeconds: 1,
    }),
  );
}

export function matchesQuery(
  type: ResourceType,
  object: KubeObject,
  namespace: string | undefined,
  labelSelector: LabelSelector,
  fieldSelector: FieldSelector,
): boolean {
  if (namespace !== undefined && object.metadata.namespace !== namespace) return false;
  if (!matchesLabels(labelSelector, object.metadata.labels)) return false;
  return fieldSelector.length === 0 || matchesFields(fieldSelector, type.fieldsOf(object));
}

/** A list with the real server's resourceVersion semantics, paging and continue tokens. */
export function listObjects(store: ObjectStore, type: ResourceType, query: ListQuery): ListPage {
  const storageKey = storageKeyOf(type);
  const current = store.currentResourceVersion();
  let atRv = current;
  let objects: KubeObject[];
  let startAfter = '';
  if (query.continueToken) {
    const token = decodeContinue(query.continueToken);
    const snapshot = store.snapshot(storageKey, token.rv);
    if (snapshot === 'expired') throw apiErrors.expired(CONTINUE_EXPIRED_MESSAGE);
    objects = snapshot;
    atRv = token.rv;
    startAfter = token.start;
  } else if (query.resourceVersion && query.resourceVersion !== '0') {
    const wanted = parseResourceVersion(query.resourceVersion);
    if (wanted > current) throw tooLargeResourceVersion(wanted, current);
    if (query.resourceVersionMatch === 'Exact') {
      const snapshot = store.snapshot(storageKey, wanted);
      if (snapshot === 'expired') {
        throw apiErrors.expired(
          `too old resource version: ${wanted} (${store.oldestReadableResourceVersion()})`,
        );
      }
      objects = snapshot;
      atRv = wanted;
    } else {
      objects = store.list(storageKey);
    }
  } else {
    objects = store.list(storageKey);
  }
  const matching = objects.filter(
    (o) =>
      objectKey(o.metadata.namespace, o.metadata.name ?? '') >= startAfter &&
      matchesQuery(type, o, query.namespace, query.labelSelector, query.fieldSelector),
  );
  const page: ListPage = { items: matching, resourceVersion: String(atRv) };
  if (query.limit !== undefined && query.limit > 0 && matching.length > query.limit) {
    page.items = matching.slice(0, query.limit);
    const last = page.items.at(-1);
    page.continue = encodeContinue(
      atRv,
      objectKey(last?.metadata.namespace, last?.metadata.name ?? ''),
    );
    // Like etcd3's store: a count only when no selector filtered the list.
    if (query.labelSelector.length === 0 && query.fieldSelector.length === 0) {
      page.remainingItemCount = matching.length - query.limit;
    }
  }
  return page;
}
