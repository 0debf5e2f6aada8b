import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { RunningHerald } from '../../src/herald.js';
import { webhookPath } from '../../src/receivers/webhook-path.js';
import { makeTempDir } from '../apiserver/test-support.js';
import { captureLogs } from '../support/log-capture.js';
import { startLocalHerald } from '../support/mode-harness.js';

const TOKEN = 'local-mode-token';

describe('Receivers in local mode', () => {
  const logs = captureLogs('debug');
  let herald: RunningHerald;
  let removeDir: () => Promise<void>;
  const url = (name: string) =>
    `http://127.0.0.1:${String(herald.webhookPort)}${webhookPath(TOKEN, name, 'flux-system')}`;

  before(async () => {
    const dir = await makeTempDir('herald-local-receivers');
    removeDir = dir.remove;
    await writeFile(
      join(dir.path, 'receivers.yaml'),
      `apiVersion: v1
kind: Secret
metadata: {name: webhook-token, namespace: flux-system}
stringData: {token: ${TOKEN}}
---
apiVersion: notification.toolkit.fluxcd.io/v1
kind: Receiver
metadata: {name: gitlab-receiver, namespace: flux-system}
spec:
  type: gitlab
  events: ["Push Hook"]
  secretRef: {name: webhook-token}
  resources:
    - kind: GitRepository
      name: webapp
`,
    );
    herald = await startLocalHerald(dir.path, logs.logger, ['--receiverAddr=127.0.0.1:0']);
  });

  after(async () => {
    await herald.stop();
    await removeDir();
  });

  test('a verified call answers 200 and logs what it would patch; a wrong token is 400', async () => {
    const call = (token: string) =>
      fetch(url('gitlab-receiver'), {
        method: 'POST',
        headers: { 'X-Gitlab-Token': token, 'X-Gitlab-Event': 'Push Hook' },
        body: '{}',
      });
    assert.equal((await call(TOKEN)).status, 200);
    assert.equal((await call('wrong')).status, 400);
    const wouldPatch = logs
      .lines()
      .find((line) => String(line.msg).startsWith('Would request reconciliation of GitRepository'));
    assert.ok(wouldPatch, 'a line says what would be patched');
    assert.equal(wouldPatch.name, 'webapp');
    assert.equal(wouldPatch.namespace, 'flux-system');
    assert.ok(logs.lines().some((line) => line.msg === 'Receiver is ready'));
    assert.ok(!logs.text().includes(TOKEN));
  });

  test('gotk_receiver_http_* count the answers by code', async () => {
    const metrics = await herald.registry.metrics();
    assert.match(
      metrics,
      /gotk_receiver_http_request_duration_seconds_count\{service="",handler="\/",method="POST",code="200"\} [1-9]/,
    );
    assert.match(
      metrics,
      /gotk_receiver_http_request_duration_seconds_count\{[^}]*code="400"\} [1-9]/,
    );
    assert.match(metrics, /gotk_receiver_http_requests_inflight\{service="",handler="\/"\} 0/);
  });
});
