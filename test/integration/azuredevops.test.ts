import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { NotificationSkipped } from '../../src/notifiers/notification-skipped.js';
import { createAzureDevOpsNotifier } from '../../src/notifiers/azuredevops.js';
import {
  startAzureDevOpsStandIn,
  type AzureDevOpsStandIn,
} from '../support/azure-devops-stand-in.js';
import { assertRefused, commitEvent, gitTarget, methodsOf, SHA } from '../support/git-target.js';
import { createTestDeps } from '../support/notifier-deps.js';
import { sampleEvent } from '../support/sample-event.js';

const PAT = 'azure-personal-access-token';
const STATUS_ID = 'kustomization/apps/0c9c2e41';
const STATUSES = `/org/project/_apis/git/repositories/repo/commits/${SHA}/statuses`;

describe('azuredevops notifier', () => {
  let azure: AzureDevOpsStandIn;
  before(async () => {
    azure = await startAzureDevOpsStandIn(PAT);
  });
  after(() => azure.close());

  const notifierWith = (token: string, address = azure.repositoryUrl) =>
    createAzureDevOpsNotifier(gitTarget('azuredevops', address, { token }), createTestDeps().deps);

  test('lists the statuses, then creates one with the fluxcd genre', async () => {
    const notifier = notifierWith(PAT);
    const before = azure.server.requests.length;
    await notifier.post(commitEvent());
    const [list, create] = azure.server.requests.slice(before);
    assert.ok(list && create);
    assert.deepEqual([list.method, list.path], ['GET', STATUSES]);
    assert.deepEqual([create.method, create.path], ['POST', STATUSES]);
    for (const request of [list, create]) {
      assert.equal(
        request.headers.authorization,
        `Basic ${Buffer.from(`:${PAT}`).toString('base64')}`,
      );
      assert.equal(request.headers.accept, 'application/json;api-version=6.0-preview.1');
    }
    assert.equal(
      create.body.toString(),
      `{"context":{"genre":"fluxcd","name":"${STATUS_ID}"},"description":"reconciliation succeeded","state":"succeeded"}`,
    );
    await notifier.close();
  });

  test("an Alert's summary goes into the genre; an unchanged status is not set again", async () => {
    const notifier = notifierWith(PAT);
    const sha = '3'.repeat(40);
    const event = commitEvent({
      severity: 'error',
      reason: 'ReconciliationFailed',
      metadata: { revision: `main@sha1:${sha}`, summary: 'prod cluster' },
    });
    await notifier.post(event);
    assert.deepEqual(azure.statuses.get(sha), [
      {
        context: { genre: 'fluxcd:prod cluster', name: STATUS_ID },
        state: 'error',
        description: 'reconciliation failed',
      },
    ]);
    assert.deepEqual(await methodsOf(azure.server, () => notifier.post(event)), ['GET']);
    await notifier.close();
  });

  test('Progressing events and events naming no commit are skipped', async () => {
    const notifier = notifierWith(PAT);
    await assert.rejects(
      notifier.post(commitEvent({ reason: 'Progressing' })),
      NotificationSkipped,
    );
    await assert.rejects(notifier.post(sampleEvent()), NotificationSkipped);
    await notifier.close();
  });

  test('a wrong token is a 401, an unknown repository a 404 (TF401019); no token in the errors', async () => {
    const wrong = notifierWith('not-the-pat-value');
    await assertRefused(wrong.post(commitEvent()), 401, 'not-the-pat-value');
    const unknown = notifierWith(PAT, `${azure.server.url}/org/project/_git/other`);
    await assert.rejects(unknown.post(commitEvent()), { status: 404 });
    await wrong.close();
    await unknown.close();
  });

  test('an address without org/project/_git/repo, or no token, is refused up front', () => {
    const { deps } = createTestDeps();
    assert.throws(
      () =>
        createAzureDevOpsNotifier(
          gitTarget('azuredevops', 'https://dev.azure.com/org/project/repo', { token: PAT }),
          deps,
        ),
      { code: 'HERALD_PROVIDER_INVALID_REPOSITORY' },
    );
    assert.throws(
      () => createAzureDevOpsNotifier(gitTarget('azuredevops', azure.repositoryUrl), deps),
      {
        code: 'HERALD_PROVIDER_MISSING_TOKEN',
      },
    );
  });
});
