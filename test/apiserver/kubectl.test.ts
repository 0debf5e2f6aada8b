import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { waitFor } from '../support/wait-for.js';
import { startTestApiServer, type TestApiServer } from './server.js';
import { callApi, findKubectl, Kubectl, makeTempDir } from './test-support.js';

const FIXTURES = join(import.meta.dirname, 'fixtures');
const MERGE = { 'Content-Type': 'application/merge-patch+json' };

function table(output: string): string[][] {
  return output
    .trim()
    .split('\n')
    .map((line) => line.trim().split(/\s{2,}/));
}

describe('kubectl 1.32 against the test API server', () => {
  let api: TestApiServer;
  let kubectl: Kubectl;
  let removeDir: () => Promise<void>;

  before(async () => {
    api = await startTestApiServer({ namespaces: ['team-a'] });
    const dir = await makeTempDir('kubectl');
    removeDir = dir.remove;
    // A missing kubectl fails every test here (with this message) rather than skipping them.
    const binary = findKubectl();
    const kubeconfig = join(dir.path, 'kubeconfig');
    await api.writeKubeconfig(kubeconfig);
    kubectl = new Kubectl(binary, kubeconfig, dir.path);
    const applied = await kubectl.ok(['apply', '-f', join(FIXTURES, 'crds', 'widgets.yaml')]);
    assert.equal(
      applied.trim(),
      'customresourcedefinition.apiextensions.k8s.io/widgets.example.com created',
    );
  });
  after(async () => {
    await api.close();
    await removeDir();
  });

  test('apply creates objects with default (server-side strict) validation', async () => {
    const output = await kubectl.ok(['apply', '-f', join(FIXTURES, 'widgets.yaml')]);
    assert.equal(output, 'widget.example.com/alpha created\nwidget.example.com/beta created\n');
    const again = await kubectl.ok(['apply', '-f', join(FIXTURES, 'widgets.yaml')]);
    assert.equal(again, 'widget.example.com/alpha unchanged\nwidget.example.com/beta unchanged\n');
    assert.ok(
      api.requests.some((r) => r.method === 'POST' && r.query.includes('fieldValidation=Strict')),
      'kubectl found fieldValidation support in /openapi/v3 and asked for Strict',
    );
  });

  test('a widget breaking its schema is refused in the real server’s words', async () => {
    const result = await kubectl.run(['apply', '-f', join(FIXTURES, 'widget-invalid.yaml')]);
    assert.equal(result.code, 1);
    assert.equal(
      result.stderr.trim(),
      'The Widget "broken" is invalid: spec.size: Invalid value: 200: spec.size in body should be less than or equal to 100',
    );
  });

  test('get prints printer columns, NAMESPACE with -A, YAML and JSONPath', async () => {
    await kubectl.ok(
      ['create', '-n', 'team-a', '-f', '-'],
      'apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: gamma}\nspec: {size: 5, color: blue}\n',
    );
    const rows = table(await kubectl.ok(['get', 'widgets']));
    assert.deepEqual(rows[0], ['NAME', 'SIZE', 'COLOR', 'READY', 'AGE']);
    assert.deepEqual(
      rows.slice(1).map((r) => r.slice(0, 3)),
      [
        ['alpha', '3', 'green'],
        ['beta', '7', 'red'],
      ],
    );
    const all = table(await kubectl.ok(['get', 'wd', '-A']));
    assert.deepEqual(all[0], ['NAMESPACE', 'NAME', 'SIZE', 'COLOR', 'READY', 'AGE']);
    assert.deepEqual(
      all.slice(1).map((r) => r.slice(0, 2)),
      [
        ['default', 'alpha'],
        ['default', 'beta'],
        ['team-a', 'gamma'],
      ],
    );
    assert.deepEqual(table(await kubectl.ok(['get', 'gadgets', '-n', 'team-a']))[1]?.slice(0, 2), [
      'gamma',
      '5',
    ]);
    const yaml = await kubectl.ok(['get', 'widget', 'alpha', '-o', 'yaml']);
    assert.match(yaml, /^apiVersion: example.com\/v1\nkind: Widget\n/);
    assert.match(yaml, /\n {2}generation: 1\n/);
    assert.match(yaml, /\nspec:\n {2}color: green\n {2}size: 3\n {2}suspend: false\n/);
    assert.equal(
      await kubectl.ok(['get', 'wd', '-o', 'jsonpath={.items[*].spec.color}']),
      'green red',
    );
    const namespaces = table(await kubectl.ok(['get', 'namespaces']));
    assert.deepEqual(namespaces[0], ['NAME', 'STATUS', 'AGE']);
    assert.ok(namespaces.some((r) => r[0] === 'default' && r[1] === 'Active'));
  });

  test('label, patch --type=merge and wait --for=condition=Ready', async () => {
    assert.equal(
      await kubectl.ok(['label', 'wd', 'alpha', 'env=prod']),
      'widget.example.com/alpha labeled\n',
    );
    assert.equal(
      await kubectl.ok(['patch', 'wd', 'alpha', '--type=merge', '-p', '{"spec":{"size":4}}']),
      'widget.example.com/alpha patched\n',
    );
    const alpha = api.get('example.com/v1', 'Widget', 'alpha');
    assert.ok(alpha);
    assert.equal(alpha.metadata.labels?.env, 'prod');
    assert.equal(alpha.metadata.generation, 2);
    // Earlier kubectl processes have exited; wait until the server has seen their watches close.
    await waitFor(() => api.openWatches() === 0, 'no watch left open');
    const waiting = kubectl.run(['wait', '--for=condition=Ready', 'widget/alpha', '--timeout=60s']);
    await waitFor(() => api.openWatches() === 1, 'kubectl wait to watch');
    await callApi(
      api.url,
      'PATCH',
      '/apis/example.com/v1/namespaces/default/widgets/alpha/status',
      {
        status: {
          conditions: [{ type: 'Ready', status: 'True', reason: 'Reconciled', message: 'ok' }],
        },
      },
      MERGE,
    );
    const result = await waiting;
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.stdout, 'widget.example.com/alpha condition met\n');
    const row = table(await kubectl.ok(['get', 'wd', 'alpha']))[1];
    assert.deepEqual(row?.slice(0, 4), ['alpha', '4', 'green', 'True']);
  });

  test('get -w prints a row each time an object changes', async () => {
    await waitFor(() => api.openWatches() === 0, 'no watch left open');
    const stream = kubectl.stream(['get', 'wd', 'beta', '-w']);
    try {
      await waitFor(
        () => stream.lines().length >= 2 && api.openWatches() === 1,
        'the first rows and the watch',
      );
      await callApi(
        api.url,
        'PATCH',
        '/apis/example.com/v1/namespaces/default/widgets/beta',
        { spec: { size: 9 } },
        MERGE,
      );
      await waitFor(
        () => stream.lines().some((l) => /^beta\s+9\s+red/.test(l)),
        'a row for the change',
      );
      assert.deepEqual(table(stream.lines()[0] ?? '')[0], [
        'NAME',
        'SIZE',
        'COLOR',
        'READY',
        'AGE',
      ]);
    } finally {
      await stream.stop();
    }
  });

  test('describe shows the object’s Events', async () => {
    const alpha = api.get('example.com/v1', 'Widget', 'alpha');
    api.create({
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name: 'alpha.reconciled', namespace: 'default' },
      involvedObject: {
        apiVersion: 'example.com/v1',
        kind: 'Widget',
        name: 'alpha',
        namespace: 'default',
        uid: alpha?.metadata.uid ?? '',
      },
      reason: 'Reconciled',
      message: 'Widget is ready',
      type: 'Normal',
      source: { component: 'widget-controller' },
      count: 2,
      firstTimestamp: new Date(Date.now() - 120_000).toISOString(),
      lastTimestamp: new Date().toISOString(),
    });
    const output = await kubectl.ok(['describe', 'widget', 'alpha']);
    assert.match(output, /^Name:\s+alpha\nNamespace:\s+default\n/);
    assert.match(output, /\nEvents:\n\s+Type\s+Reason\s+Age\s+From\s+Message\n/);
    assert.match(
      output,
      /\n\s+Normal\s+Reconciled\s+\S+ \(x2 over \S+\)\s+widget-controller\s+Widget is ready\n/,
    );
    const events = table(await kubectl.ok(['get', 'events']));
    assert.deepEqual(events[0], ['LAST SEEN', 'TYPE', 'REASON', 'OBJECT', 'MESSAGE']);
    assert.deepEqual(events[1]?.slice(1), [
      'Normal',
      'Reconciled',
      'widget/alpha',
      'Widget is ready',
    ]);
  });

  test('apply --server-side, then delete', async () => {
    const manifest =
      'apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: ssa, namespace: team-a}\nspec: {size: 2}\n';
    assert.equal(
      await kubectl.ok(['apply', '--server-side', '-f', '-'], manifest),
      'widget.example.com/ssa serverside-applied\n',
    );
    const changed = manifest.replace('size: 2', 'size: 6');
    assert.equal(
      await kubectl.ok(['apply', '--server-side', '-f', '-'], changed),
      'widget.example.com/ssa serverside-applied\n',
    );
    const ssa = api.get('example.com/v1', 'Widget', 'ssa', 'team-a');
    assert.equal((ssa?.spec as { size: number }).size, 6);
    assert.deepEqual(
      ssa?.metadata.managedFields?.map((m) => [m.manager, m.operation]),
      [['kubectl', 'Apply']],
    );
    assert.equal(
      await kubectl.ok(['delete', 'wd', 'ssa', '-n', 'team-a']),
      'widget.example.com "ssa" deleted\n',
    );

    // kubectl taking over from client-side apply: the server lets it, guided by last-applied.
    const csa =
      'apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: csa, namespace: team-a}\nspec: {size: 2}\n';
    await kubectl.ok(['apply', '-f', '-'], csa);
    assert.equal(
      await kubectl.ok(['apply', '--server-side', '-f', '-'], csa.replace('size: 2', 'size: 3')),
      'widget.example.com/csa serverside-applied\n',
    );
    const conflicting = await kubectl.run(
      ['apply', '--server-side', '--field-manager=other', '-f', '-'],
      csa.replace('size: 2', 'size: 4'),
    );
    assert.equal(conflicting.code, 1);
    assert.match(
      conflicting.stderr,
      /^error: Apply failed with 1 conflict: conflict with "kubectl": \.spec\.size\n/,
    );
    const missing = await kubectl.run(['get', 'wd', 'ssa', '-n', 'team-a']);
    assert.equal(missing.code, 1);
    assert.equal(
      missing.stderr.trim(),
      'Error from server (NotFound): widgets.example.com "ssa" not found',
    );
  });

  test('typed commands send protobuf bodies the server decodes', async () => {
    assert.equal(
      await kubectl.ok([
        'create',
        'secret',
        'generic',
        'slack',
        '--from-literal=token=xoxb-1',
        '-n',
        'team-a',
      ]),
      'secret/slack created\n',
    );
    assert.equal(
      await kubectl.ok(['get', 'secret', 'slack', '-n', 'team-a', '-o', 'jsonpath={.data.token}']),
      Buffer.from('xoxb-1').toString('base64'),
    );
    assert.equal(
      await kubectl.ok(['create', 'configmap', 'cfg', '--from-literal=a=b']),
      'configmap/cfg created\n',
    );
    assert.equal(
      await kubectl.ok(['create', 'namespace', 'scratch']),
      'namespace/scratch created\n',
    );
    const secrets = table(await kubectl.ok(['get', 'secrets', '-n', 'team-a']));
    assert.deepEqual(secrets[0], ['NAME', 'TYPE', 'DATA', 'AGE']);
    assert.deepEqual(secrets[1]?.slice(0, 3), ['slack', 'Opaque', '1']);
    assert.equal(
      await kubectl.ok(['delete', 'namespace', 'scratch']),
      'namespace "scratch" deleted\n',
    );
  });

  test('apply and label built-in kinds with strategic merge patches', async () => {
    const configMap =
      'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: settings, finalizers: [example.com/keep]}\ndata: {a: "1"}\n';
    assert.equal(await kubectl.ok(['apply', '-f', '-'], configMap), 'configmap/settings created\n');
    const changed = await kubectl.run(['apply', '-f', '-'], configMap.replace('a: "1"', 'b: "2"'));
    assert.equal(changed.code, 0, changed.stderr);
    assert.equal(changed.stdout, 'configmap/settings configured\n');
    assert.equal(
      changed.stderr,
      '',
      'kubectl computed its patch from /openapi/v3 without complaint',
    );
    assert.equal(
      await kubectl.ok(['label', 'cm', 'settings', 'tier=web']),
      'configmap/settings labeled\n',
    );
    const stored = api.get('v1', 'ConfigMap', 'settings');
    assert.ok(stored);
    assert.deepEqual(stored.data, { b: '2' });
    assert.equal(stored.metadata.labels?.tier, 'web');
    assert.deepEqual(stored.metadata.finalizers, ['example.com/keep']);
    assert.ok(
      api.requests.some(
        (r) =>
          r.method === 'PATCH' &&
          r.path.endsWith('/configmaps/settings') &&
          r.query.includes('kubectl-client-side-apply'),
      ),
    );
  });
});
