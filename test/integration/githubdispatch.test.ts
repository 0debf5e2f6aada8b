import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { encodeFluxEventJson } from '../../src/notifiers/flux-event-json.js';
import { createGitHubDispatchNotifier } from '../../src/notifiers/githubdispatch.js';
import {
  appSecretData,
  startGitHubStandIn,
  type GitHubStandIn,
} from '../support/github-stand-in.js';
import { assertRefused, gitTarget } from '../support/git-target.js';
import { createTestDeps } from '../support/notifier-deps.js';
import { sampleEvent } from '../support/sample-event.js';

const TOKEN = 'ghp_dispatchsecret';

describe('githubdispatch notifier', () => {
  let github: GitHubStandIn;
  before(async () => {
    github = await startGitHubStandIn();
    github.tokens.add(TOKEN);
  });
  after(() => github.close());

  test("posts repository_dispatch: Flux's event_type, the event as Flux encodes it", async () => {
    const { deps } = createTestDeps();
    const notifier = createGitHubDispatchNotifier(
      gitTarget('githubdispatch', github.repositoryUrl, { token: TOKEN }),
      deps,
    );
    const event = sampleEvent({
      message: 'Applied <revision> & more',
      metadata: { revision: 'main@sha1:abc', summary: 'prod' },
    });
    await notifier.post(event);
    const request = github.server.requests.at(-1);
    assert.ok(request);
    assert.deepEqual([request.method, request.path], ['POST', '/api/v3/repos/org/repo/dispatches']);
    assert.equal(request.headers.authorization, `Bearer ${TOKEN}`);
    assert.equal(request.headers.accept, 'application/vnd.github.v3+json');
    assert.equal(
      request.body.toString(),
      `{"event_type":"Kustomization/apps.flux-system","client_payload":${encodeFluxEventJson(event).toString()}}\n`,
    );
    assert.deepEqual(github.dispatches.at(-1), {
      event_type: 'Kustomization/apps.flux-system',
      client_payload: JSON.parse(encodeFluxEventJson(event).toString()) as unknown,
    });
    await notifier.close();
  });

  test('takes a GitHub App as github does', async () => {
    const { deps, clock } = createTestDeps();
    const appHost = await startGitHubStandIn({ now: () => clock.now() });
    const notifier = createGitHubDispatchNotifier(
      gitTarget('githubdispatch', appHost.repositoryUrl, {
        secretData: appSecretData(appHost),
      }),
      deps,
    );
    await notifier.post(sampleEvent());
    assert.equal(appHost.dispatches.length, 1);
    assert.equal(appHost.server.requests.at(-1)?.headers.authorization, 'Bearer ghs_installation1');
    await notifier.close();
    await appHost.close();
  });

  test('a wrong token is a 401 and an unknown repository a 404, the token never shown', async () => {
    const { deps } = createTestDeps();
    const wrong = createGitHubDispatchNotifier(
      gitTarget('githubdispatch', github.repositoryUrl, { token: 'ghp_notvalid' }),
      deps,
    );
    await assertRefused(wrong.post(sampleEvent()), 401, 'ghp_notvalid');
    const unknown = createGitHubDispatchNotifier(
      gitTarget('githubdispatch', `${github.server.url}/org/elsewhere`, { token: TOKEN }),
      deps,
    );
    await assertRefused(unknown.post(sampleEvent()), 404, TOKEN);
    await wrong.close();
    await unknown.close();
  });
});
