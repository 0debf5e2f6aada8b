import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { NotificationSkipped } from '../../src/notifiers/notification-skipped.js';
import { createBitbucketServerNotifier } from '../../src/notifiers/bitbucketserver.js';
import {
  startBitbucketServerStandIn,
  type BitbucketServerStandIn,
} from '../support/bitbucket-server-stand-in.js';
import { assertRefused, commitEvent, gitTarget, methodsOf, SHA } from '../support/git-target.js';
import { createTestDeps } from '../support/notifier-deps.js';
import { sampleEvent } from '../support/sample-event.js';

const TOKEN = 'bbs-http-access-token';
const KEY = createHash('sha1').update('kustomization/apps/0c9c2e41').digest('hex');
const BUILDS = `/bitbucket/rest/api/latest/projects/PROJ/repos/repo/commits/${SHA}/builds`;

describe('bitbucketserver notifier', () => {
  let bitbucket: BitbucketServerStandIn;
  before(async () => {
    bitbucket = await startBitbucketServerStandIn(`Bearer ${TOKEN}`);
  });
  after(() => bitbucket.close());

  const notifierWith = (overrides: Parameters<typeof gitTarget>[2], address = bitbucket.cloneUrl) =>
    createBitbucketServerNotifier(
      gitTarget('bitbucketserver', address, overrides),
      createTestDeps().deps,
    );

  test('reads the status by key under the context path, then posts it as Flux', async () => {
    const notifier = notifierWith({ token: TOKEN });
    const before = bitbucket.server.requests.length;
    await notifier.post(commitEvent());
    const [get, post] = bitbucket.server.requests.slice(before);
    assert.ok(get && post);
    assert.deepEqual([get.method, get.path], ['GET', `${BUILDS}?key=${KEY}`]);
    assert.deepEqual([post.method, post.path], ['POST', BUILDS]);
    for (const request of [get, post]) {
      assert.equal(request.headers.authorization, `Bearer ${TOKEN}`);
      assert.equal(request.headers['x-atlassian-token'], 'no-check');
      assert.equal(request.headers['x-requested-with'], 'XMLHttpRequest');
    }
    assert.equal(
      post.body.toString(),
      `{"description":"reconciliation succeeded","key":"${KEY}","name":"kustomization/apps [reconciliation succeeded]","state":"SUCCESSFUL","url":"${bitbucket.cloneUrl}"}\n`,
    );
    await notifier.close();
  });

  test('an unchanged status is not posted again', async () => {
    const notifier = notifierWith({ token: TOKEN });
    const sha = '2'.repeat(40);
    const event = commitEvent({
      severity: 'error',
      reason: 'HealthCheckFailed',
      metadata: { revision: `main/${sha}` },
    });
    await notifier.post(event);
    assert.deepEqual(await methodsOf(bitbucket.server, () => notifier.post(event)), ['GET']);
    assert.equal(bitbucket.statuses.get(sha)?.get(KEY)?.state, 'FAILED');
    await notifier.close();
  });

  test('basic auth with username and password', async () => {
    const basicHost = await startBitbucketServerStandIn(
      `Basic ${Buffer.from('flux:s3cret').toString('base64')}`,
    );
    const notifier = createBitbucketServerNotifier(
      gitTarget('bitbucketserver', basicHost.cloneUrl, { username: 'flux', password: 's3cret' }),
      createTestDeps().deps,
    );
    await notifier.post(commitEvent());
    assert.equal(basicHost.statuses.get(SHA)?.size, 1);
    await notifier.close();
    await basicHost.close();
  });

  test('Progressing events and events naming no commit are skipped', async () => {
    const notifier = notifierWith({ token: TOKEN });
    await assert.rejects(
      notifier.post(commitEvent({ reason: 'Progressing' })),
      NotificationSkipped,
    );
    await assert.rejects(notifier.post(sampleEvent()), NotificationSkipped);
    await notifier.close();
  });

  test('a wrong token is a 401, an unknown repository a 404; no secret in the errors', async () => {
    const wrong = notifierWith({ token: 'wrong-bbs-token' });
    await assertRefused(wrong.post(commitEvent()), 401, 'wrong-bbs-token');
    const unknown = notifierWith(
      { token: TOKEN },
      `${bitbucket.server.url}/bitbucket/scm/PROJ/other.git`,
    );
    await assert.rejects(unknown.post(commitEvent()), { status: 404 });
    await wrong.close();
    await unknown.close();
  });

  test('addresses and credentials Flux refuses are refused up front', () => {
    const { deps } = createTestDeps();
    for (const address of [
      'ssh://git@host:7999/proj/repo.git',
      'https://host/projects/PROJ/repos/repo',
    ]) {
      assert.throws(
        () =>
          createBitbucketServerNotifier(
            gitTarget('bitbucketserver', address, { token: TOKEN }),
            deps,
          ),
        { code: 'HERALD_PROVIDER_INVALID_REPOSITORY' },
      );
    }
    assert.throws(
      () =>
        createBitbucketServerNotifier(
          gitTarget('bitbucketserver', bitbucket.cloneUrl, { username: 'flux' }),
          deps,
        ),
      { code: 'HERALD_PROVIDER_MISSING_TOKEN', message: /username\/password or API Token/ },
    );
  });
});
