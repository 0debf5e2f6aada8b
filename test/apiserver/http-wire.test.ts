import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { waitFor } from '../support/wait-for.js';
import type { JsonObject } from './json.js';
import { startTestApiServer, type TestApiServer } from './server.js';
import { callApi, text } from './test-support.js';

const WIDGETS_CRD = join(import.meta.dirname, 'fixtures', 'crds', 'widgets.yaml');
const WIDGETS = '/apis/example.com/v1/namespaces/default/widgets';
const TABLE =
  'application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json';

/** A failure Status as the real server writes it, members in its order. */
function failureStatus(fields: JsonObject): JsonObject {
  const { code, ...rest } = fields;
  return { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', ...rest, code };
}

function widget(name: string, size = 3, extra: JsonObject = {}): JsonObject {
  return {
    apiVersion: 'example.com/v1',
    kind: 'Widget',
    metadata: { name, ...extra },
    spec: { size },
  };
}

describe('the test API server over HTTP', () => {
  let api: TestApiServer;
  const call = (method: string, path: string, body?: unknown, headers?: Record<string, string>) =>
    callApi(api.url, method, path, body, headers);

  before(async () => {
    api = await startTestApiServer({ crdFiles: [WIDGETS_CRD] });
  });
  after(async () => {
    await api.close();
  });

  test('serves /version with minor 32 and classic discovery', async () => {
    assert.equal((await call('GET', '/version')).body.minor, '32');
    const core = await call('GET', '/api');
    assert.deepEqual(core.body.versions, ['v1']);
    assert.equal(core.body.kind, 'APIVersions');
    const groups = (await call('GET', '/apis')).body.groups as JsonObject[];
    assert.deepEqual(
      groups.map((g) => g.name),
      ['apiextensions.k8s.io', 'coordination.k8s.io', 'example.com'],
    );
    const widgets = await call('GET', '/apis/example.com/v1');
    assert.deepEqual(widgets.body.resources, [
      {
        name: 'widgets',
        singularName: 'widget',
        namespaced: true,
        kind: 'Widget',
        verbs: ['delete', 'deletecollection', 'get', 'list', 'patch', 'create', 'update', 'watch'],
        shortNames: ['wd'],
        categories: ['all', 'gadgets'],
        storageVersionHash: (widgets.body.resources as JsonObject[])[0]?.storageVersionHash,
      },
      {
        name: 'widgets/status',
        singularName: '',
        namespaced: true,
        kind: 'Widget',
        verbs: ['get', 'patch', 'update'],
      },
    ]);
    const accept =
      'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json';
    const negotiated = await call('GET', '/apis', undefined, { Accept: accept });
    assert.equal(negotiated.headers.get('content-type'), 'application/json');
    assert.equal(negotiated.body.kind, 'APIGroupList');
  });

  test('answers errors with Status objects shaped like the real ones', async () => {
    const missing = await call('GET', `${WIDGETS}/nope`);
    assert.equal(missing.status, 404);
    assert.deepEqual(
      missing.body,
      failureStatus({
        message: 'widgets.example.com "nope" not found',
        reason: 'NotFound',
        details: { name: 'nope', group: 'example.com', kind: 'widgets' },
        code: 404,
      }),
    );
    assert.equal((await call('POST', WIDGETS, widget('dup'))).status, 201);
    const duplicate = await call('POST', WIDGETS, widget('dup'));
    assert.equal(duplicate.status, 409);
    assert.equal(duplicate.body.reason, 'AlreadyExists');
    assert.equal(duplicate.body.message, 'widgets.example.com "dup" already exists');

    const invalid = await call('POST', WIDGETS, widget('big', 200));
    assert.equal(invalid.status, 422);
    assert.deepEqual(
      invalid.body,
      failureStatus({
        message:
          'Widget.example.com "big" is invalid: spec.size: Invalid value: 200: spec.size in body should be less than or equal to 100',
        reason: 'Invalid',
        details: {
          name: 'big',
          group: 'example.com',
          kind: 'Widget',
          causes: [
            {
              reason: 'FieldValueInvalid',
              message: 'Invalid value: 200: spec.size in body should be less than or equal to 100',
              field: 'spec.size',
            },
          ],
        },
        code: 422,
      }),
    );

    const strategic = await call(
      'PATCH',
      `${WIDGETS}/dup`,
      { spec: { size: 4 } },
      {
        'Content-Type': 'application/strategic-merge-patch+json',
      },
    );
    assert.equal(strategic.status, 415);
    assert.equal(
      strategic.body.message,
      'the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml',
    );

    const noNamespace = await call('POST', '/api/v1/namespaces/ghost/configmaps', {
      metadata: { name: 'c' },
    });
    assert.equal(noNamespace.status, 404);
    assert.equal(noNamespace.body.message, 'namespaces "ghost" not found');
    assert.equal((await call('GET', '/apis/example.com/v1/namespaces/default/gizmos')).status, 404);
  });

  test('keeps uid, generation and one resourceVersion counter as a real server does', async () => {
    const created = (await call('POST', WIDGETS, widget('gen'))).body;
    const meta = created.metadata as JsonObject;
    assert.equal(meta.generation, 1);
    assert.match(text(meta.uid), /^[0-9a-f-]{36}$/);
    assert.match(text(meta.creationTimestamp), /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    assert.deepEqual(
      created.spec,
      { size: 3, color: 'green', suspend: false },
      'schema defaults applied',
    );

    const labelled = (
      await call(
        'PATCH',
        `${WIDGETS}/gen`,
        { metadata: { labels: { a: 'b' } } },
        {
          'Content-Type': 'application/merge-patch+json',
        },
      )
    ).body;
    assert.equal(
      (labelled.metadata as JsonObject).generation,
      1,
      'metadata changes keep the generation',
    );
    assert.ok(
      Number((labelled.metadata as JsonObject).resourceVersion) > Number(meta.resourceVersion),
    );

    const status = await call('PUT', `${WIDGETS}/gen/status`, {
      ...labelled,
      spec: { size: 99 },
      status: { observedGeneration: 1 },
    });
    assert.equal(status.status, 200);
    assert.deepEqual(status.body.status, { observedGeneration: 1 });
    assert.equal((status.body.spec as JsonObject).size, 3, '/status ignores everything but status');
    assert.equal((status.body.metadata as JsonObject).generation, 1);

    const spec = await call(
      'PATCH',
      `${WIDGETS}/gen`,
      { spec: { size: 5 }, status: { observedGeneration: 7 } },
      {
        'Content-Type': 'application/merge-patch+json',
      },
    );
    assert.equal((spec.body.metadata as JsonObject).generation, 2);
    assert.deepEqual(
      spec.body.status,
      { observedGeneration: 1 },
      'the main resource ignores status',
    );

    const stale = await call('PUT', `${WIDGETS}/gen`, labelled);
    assert.equal(stale.status, 409);
    assert.equal(stale.body.reason, 'Conflict');

    const before = (spec.body.metadata as JsonObject).resourceVersion;
    const noop = await call(
      'PATCH',
      `${WIDGETS}/gen`,
      { spec: { size: 5 } },
      {
        'Content-Type': 'application/merge-patch+json',
      },
    );
    assert.equal(
      (noop.body.metadata as JsonObject).resourceVersion,
      before,
      'a no-op write stores nothing',
    );
  });

  test('merges Secret stringData into base64 data and drops it', async () => {
    const secret = await call('POST', '/api/v1/namespaces/default/secrets', {
      metadata: { name: 'tokens' },
      data: { kept: Buffer.from('old').toString('base64') },
      stringData: { token: 's3cr3t' },
    });
    assert.equal(secret.status, 201);
    assert.deepEqual(secret.body.data, { kept: 'b2xk', token: 'czNjcjN0' });
    assert.equal(secret.body.stringData, undefined);
    assert.equal(secret.body.type, 'Opaque');
    const bad = await call('POST', '/api/v1/namespaces/default/secrets', {
      metadata: { name: 'bad' },
      data: { x: '!!' },
    });
    assert.equal(bad.status, 400);
    assert.match(
      text(bad.body.message),
      /^Secret in version "v1" cannot be handled as a Secret: illegal base64/,
    );
  });

  test('finalizers hold a deletion until the last one is removed', async () => {
    await call('POST', WIDGETS, widget('held', 3, { finalizers: ['example.com/hold'] }));
    const deleting = await call('DELETE', `${WIDGETS}/held`);
    assert.equal(deleting.status, 200);
    assert.ok((deleting.body.metadata as JsonObject).deletionTimestamp);
    assert.equal((await call('GET', `${WIDGETS}/held`)).status, 200);
    const released = await call(
      'PATCH',
      `${WIDGETS}/held`,
      { metadata: { finalizers: null } },
      {
        'Content-Type': 'application/merge-patch+json',
      },
    );
    assert.equal(released.status, 200);
    assert.equal((await call('GET', `${WIDGETS}/held`)).status, 404);

    await call('POST', WIDGETS, widget('gone'));
    const deleted = await call('DELETE', `${WIDGETS}/gone`);
    assert.equal(deleted.body.kind, 'Status');
    assert.equal(deleted.body.status, 'Success');
    assert.deepEqual(
      { ...(deleted.body.details as JsonObject), uid: undefined },
      { name: 'gone', group: 'example.com', kind: 'widgets', uid: undefined },
    );
  });

  test('deleting a namespace removes its content, then itself', async () => {
    await call('POST', '/api/v1/namespaces', { metadata: { name: 'doomed' } });
    await call('POST', '/api/v1/namespaces/doomed/configmaps', { metadata: { name: 'c' } });
    await call('POST', '/apis/example.com/v1/namespaces/doomed/widgets', widget('w'));
    const deleting = await call('DELETE', '/api/v1/namespaces/doomed');
    assert.equal((deleting.body.status as JsonObject).phase, 'Terminating');
    await waitFor(
      async () => (await call('GET', '/api/v1/namespaces/doomed')).status === 404,
      'namespace doomed to disappear',
    );
    assert.equal((await call('GET', '/api/v1/namespaces/doomed/configmaps/c')).status, 404);
  });

  test('renders Tables with printer columns, Age and row objects', async () => {
    await call('POST', '/api/v1/namespaces', { metadata: { name: 'tables' } });
    await call('POST', '/apis/example.com/v1/namespaces/tables/widgets', widget('t1', 4));
    const table = await call(
      'GET',
      '/apis/example.com/v1/namespaces/tables/widgets?limit=500',
      undefined,
      { Accept: TABLE },
    );
    assert.equal(table.body.kind, 'Table');
    assert.equal(table.body.apiVersion, 'meta.k8s.io/v1');
    const columns = (table.body.columnDefinitions as JsonObject[]).map((c) => [
      c.name,
      c.type,
      c.format,
    ]);
    assert.deepEqual(columns, [
      ['Name', 'string', 'name'],
      ['Size', 'integer', ''],
      ['Color', 'string', ''],
      ['Ready', 'string', ''],
      ['Age', 'date', ''],
    ]);
    const [row] = table.body.rows as JsonObject[];
    assert.deepEqual((row?.cells as unknown[]).slice(0, 4), ['t1', 4, 'green', null]);
    assert.match(text((row?.cells as unknown[])[4]), /^\d+s$/);
    assert.equal((row?.object as JsonObject).kind, 'PartialObjectMetadata');
    assert.equal(((row?.object as JsonObject).metadata as JsonObject).namespace, 'tables');

    const full = await call(
      'GET',
      '/apis/example.com/v1/namespaces/tables/widgets/t1?includeObject=Object',
      undefined,
      {
        Accept: TABLE,
      },
    );
    assert.equal(((full.body.rows as JsonObject[])[0]?.object as JsonObject).kind, 'Widget');

    const secrets = await call('GET', '/api/v1/namespaces/default/secrets', undefined, {
      Accept: TABLE,
    });
    assert.deepEqual(
      (secrets.body.columnDefinitions as JsonObject[]).map((c) => c.name),
      ['Name', 'Type', 'Data', 'Age'],
    );
  });

  test('lists in pages with continue tokens and filters by label and field selectors', async () => {
    await call('POST', '/api/v1/namespaces', { metadata: { name: 'paging' } });
    for (const name of ['p1', 'p2', 'p3', 'p4', 'p5']) {
      await call('POST', '/api/v1/namespaces/paging/configmaps', {
        metadata: { name, labels: { odd: text(Number(name.slice(1)) % 2 === 1) } },
      });
    }
    const first = await call('GET', '/api/v1/namespaces/paging/configmaps?limit=2');
    const firstMeta = first.body.metadata as JsonObject;
    assert.deepEqual(
      (first.body.items as JsonObject[]).map((i) => (i.metadata as JsonObject).name),
      ['p1', 'p2'],
    );
    assert.equal(firstMeta.remainingItemCount, 3);
    assert.equal(
      (first.body.items as JsonObject[])[0]?.kind,
      undefined,
      'typed list items have no kind',
    );
    await call('POST', '/api/v1/namespaces/paging/configmaps', { metadata: { name: 'p0' } });
    const second = await call(
      'GET',
      `/api/v1/namespaces/paging/configmaps?limit=10&continue=${text(firstMeta.continue)}`,
    );
    assert.deepEqual(
      (second.body.items as JsonObject[]).map((i) => (i.metadata as JsonObject).name),
      ['p3', 'p4', 'p5'],
      'a continued list is consistent with the first page',
    );
    assert.equal((second.body.metadata as JsonObject).resourceVersion, firstMeta.resourceVersion);

    const odd = await call('GET', '/api/v1/namespaces/paging/configmaps?labelSelector=odd%3Dtrue');
    assert.equal((odd.body.items as JsonObject[]).length, 3);
    const byName = await call('GET', '/api/v1/configmaps?fieldSelector=metadata.name%3Dp2');
    assert.equal((byName.body.items as JsonObject[]).length, 1);
    const unsupported = await call('GET', '/api/v1/configmaps?fieldSelector=data.x%3Dy');
    assert.equal(unsupported.status, 400);
    assert.equal(unsupported.body.message, 'field label not supported: data.x');

    api.faults.expireResourceVersions();
    const expired = await call(
      'GET',
      `/api/v1/namespaces/paging/configmaps?continue=${text(firstMeta.continue)}`,
    );
    assert.equal(expired.status, 410);
    assert.equal(expired.body.reason, 'Expired');
  });

  test('selects events by involved object, reason and type', async () => {
    const event = (name: string, kind: string, reason: string, type: string): JsonObject => ({
      metadata: { name },
      involvedObject: { kind, name: 'target', namespace: 'default', uid: `uid-${kind}` },
      reason,
      type,
      message: 'm',
    });
    await call(
      'POST',
      '/api/v1/namespaces/default/events',
      event('e1', 'Widget', 'Ready', 'Normal'),
    );
    await call(
      'POST',
      '/api/v1/namespaces/default/events',
      event('e2', 'Pod', 'Failed', 'Warning'),
    );
    const select = async (selector: string) =>
      (
        (await call('GET', `/api/v1/events?fieldSelector=${encodeURIComponent(selector)}`)).body
          .items as JsonObject[]
      ).map((e) => (e.metadata as JsonObject).name);
    assert.deepEqual(await select('involvedObject.kind=Widget,involvedObject.name=target'), ['e1']);
    assert.deepEqual(await select('type=Warning'), ['e2']);
    assert.deepEqual(await select('reason!=Ready,involvedObject.uid=uid-Pod'), ['e2']);
  });

  test('server-side apply creates, merges and reports conflicts', async () => {
    const apply = (body: JsonObject, manager: string, force = false) =>
      call('PATCH', `${WIDGETS}/ssa?fieldManager=${manager}${force ? '&force=true' : ''}`, body, {
        'Content-Type': 'application/apply-patch+yaml',
      });
    const created = await apply(widget('ssa', 4), 'alice');
    assert.equal(created.status, 201);
    const merged = await apply(
      { ...widget('ssa', 4), metadata: { name: 'ssa', labels: { by: 'bob' } } },
      'bob',
    );
    assert.equal(merged.status, 200);
    const conflict = await apply(widget('ssa', 8), 'bob');
    assert.equal(conflict.status, 409);
    assert.match(
      text(conflict.body.message),
      /^Apply failed with 1 conflict: conflict with "alice": \.spec\.size$/,
    );
    const forced = await apply(widget('ssa', 8), 'bob', true);
    assert.equal((forced.body.spec as JsonObject).size, 8);
  });

  test('injects latency and errors on matching requests only as often as asked', async () => {
    const fault = api.faults.inject({
      path: '/api/v1/namespaces/*/configmaps',
      status: 503,
      times: 2,
    });
    assert.equal((await call('GET', '/api/v1/namespaces/default/configmaps')).status, 503);
    assert.equal((await call('GET', '/api/v1/namespaces/default/secrets')).status, 200);
    assert.equal((await call('GET', '/api/v1/namespaces/default/configmaps')).status, 503);
    assert.equal((await call('GET', '/api/v1/namespaces/default/configmaps')).status, 200);
    assert.equal(fault.hits, 2);
    const throttled = api.faults.inject({ resource: 'leases', verb: 'create', status: 429 });
    const refused = await call('POST', '/apis/coordination.k8s.io/v1/namespaces/default/leases', {
      metadata: { name: 'l' },
    });
    assert.equal(refused.status, 429);
    assert.equal(refused.headers.get('retry-after'), '1');
    assert.equal(refused.body.reason, 'TooManyRequests');
    throttled.remove();
    const slow = api.faults.inject({ path: /\/version$/, latencyMs: 50, times: 1 });
    const started = Date.now();
    await call('GET', '/version');
    assert.ok(Date.now() - started >= 45);
    assert.equal(slow.hits, 1);
  });

  test('serves the OpenAPI v3 documents kubectl reads, CRD schemas included', async () => {
    const index = (await call('GET', '/openapi/v3')).body.paths as JsonObject;
    const entry = index['apis/example.com/v1'] as JsonObject;
    assert.match(
      text(entry.serverRelativeURL),
      /^\/openapi\/v3\/apis\/example\.com\/v1\?hash=[0-9A-F]{128}$/,
    );
    const doc = (await call('GET', text(entry.serverRelativeURL))).body;
    const schemas = (doc.components as JsonObject).schemas as JsonObject;
    const schema = schemas['com.example.v1.Widget'] as JsonObject;
    assert.deepEqual(schema['x-kubernetes-group-version-kind'], [
      { group: 'example.com', kind: 'Widget', version: 'v1' },
    ]);
    const patch = (
      (doc.paths as JsonObject)[
        '/apis/example.com/v1/namespaces/{namespace}/widgets/{name}'
      ] as JsonObject
    ).patch as JsonObject;
    assert.ok((patch.parameters as JsonObject[]).some((p) => p.name === 'fieldValidation'));
  });
});
