import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { NotificationSkipped } from '../../src/notifiers/notification-skipped.js';
import { createBitbucketNotifier } from '../../src/notifiers/bitbucket.js';
import { startBitbucketStandIn, type BitbucketStandIn } from '../support/bitbucket-stand-in.js';
import { assertRefused, commitEvent, gitTarget, methodsOf, SHA } from '../support/git-target.js';
import { createTestDeps } from '../support/notifier-deps.js';
import { sampleEvent } from '../support/sample-event.js';

const USER = 'flux-bot';
const APP_PASSWORD = 'ATBBsecretapppassword';
const ADDRESS = 'https://bitbucket.org/workspace/repo.git';
const KEY = createHash('sha1').update('kustomization/apps/0c9c2e41').digest('hex');

describe('bitbucket notifier', () => {
  let bitbucket: BitbucketStandIn;
  before(async () => {
    bitbucket = await startBitbucketStandIn({ username: USER, password: APP_PASSWORD });
  });
  after(() => bitbucket.close());

  const notifierWith = (token: string, address = ADDRESS) =>
    createBitbucketNotifier(
      gitTarget('bitbucket', address, { token }),
      createTestDeps().deps,
      bitbucket.apiBase,
    );

  test('reads the status under its key (404: none), then posts the build status', async () => {
    const notifier = notifierWith(`${USER}:${APP_PASSWORD}`);
    const before = bitbucket.server.requests.length;
    await notifier.post(commitEvent());
    const [get, post] = bitbucket.server.requests.slice(before);
    assert.ok(get && post);
    const statuses = `/2.0/repositories/workspace/repo/commit/${SHA}/statuses/build`;
    assert.deepEqual([get.method, get.path], ['GET', `${statuses}/${KEY}`]);
    assert.deepEqual([post.method, post.path], ['POST', statuses]);
    const basic = `Basic ${Buffer.from(`${USER}:${APP_PASSWORD}`).toString('base64')}`;
    assert.equal(get.headers.authorization, basic);
    assert.equal(post.headers.authorization, basic);
    assert.deepEqual(JSON.parse(post.body.toString()), {
      key: KEY,
      url: 'https://bitbucket.org',
      state: 'SUCCESSFUL',
      name: 'kustomization/apps',
      description: 'reconciliation succeeded',
    });
    await notifier.close();
  });

  test('an unchanged status is not posted again; a changed one overwrites it', async () => {
    const notifier = notifierWith(`${USER}:${APP_PASSWORD}`);
    const sha = '1'.repeat(40);
    const event = commitEvent({ metadata: { revision: `sha1:${sha}` } });
    await notifier.post(event);
    assert.deepEqual(await methodsOf(bitbucket.server, () => notifier.post(event)), ['GET']);
    await notifier.post({ ...event, severity: 'error', reason: 'ReconciliationFailed' });
    assert.equal(bitbucket.statuses.get(sha)?.get(KEY)?.state, 'FAILED');
    assert.equal(bitbucket.statuses.get(sha)?.size, 1);
    await notifier.close();
  });

  test('x-token-auth sends the token as a bearer token', async () => {
    const tokenHost = await startBitbucketStandIn({ bearer: 'repo-access-token' });
    const notifier = createBitbucketNotifier(
      gitTarget('bitbucket', ADDRESS, { token: 'x-token-auth:repo-access-token' }),
      createTestDeps().deps,
      tokenHost.apiBase,
    );
    await notifier.post(commitEvent());
    assert.equal(
      tokenHost.server.requests.at(-1)?.headers.authorization,
      'Bearer repo-access-token',
    );
    await notifier.close();
    await tokenHost.close();
  });

  test('Progressing events and events naming no commit are skipped', async () => {
    const notifier = notifierWith(`${USER}:${APP_PASSWORD}`);
    await assert.rejects(
      notifier.post(commitEvent({ reason: 'Progressing' })),
      NotificationSkipped,
    );
    await assert.rejects(
      notifier.post(sampleEvent({ metadata: { revision: 'v1.0.0' } })),
      NotificationSkipped,
    );
    await notifier.close();
  });

  test('a wrong app password is a 401 and shows in no error; an unknown repository is a 404', async () => {
    const wrong = notifierWith(`${USER}:wrong-password-value`);
    await assertRefused(
      wrong.post(commitEvent()),
      401,
      'wrong-password-value',
      Buffer.from(`${USER}:wrong-password-value`).toString('base64'),
    );
    const unknown = notifierWith(
      `${USER}:${APP_PASSWORD}`,
      'git@bitbucket.org:workspace/other.git',
    );
    await assert.rejects(unknown.post(commitEvent()), { status: 404 });
    await wrong.close();
    await unknown.close();
  });

  test('a token that is not <user>:<app-password> is refused up front, unquoted', () => {
    assert.throws(
      () => notifierWith('only-a-secret-password'),
      (error: Error & { code?: string }) => {
        assert.equal(error.code, 'HERALD_PROVIDER_MISSING_TOKEN');
        assert.match(error.message, /expected to be <user>:<password>/);
        assert.ok(!error.message.includes('only-a-secret-password'));
        return true;
      },
    );
  });
});
