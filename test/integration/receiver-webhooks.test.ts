import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { systemClock } from '../../src/clock/clock.js';
import type { Receiver, ReceiverSpec } from '../../src/api/receiver.js';
import type { Secret } from '../../src/api/secret.js';
import { createSigningKeys } from '../../src/receivers/oidc/signing-keys.js';
import { buildReceiverIndex, type ReceiverIndex } from '../../src/receivers/receiver-index.js';
import {
  labelSelectorOf,
  type TargetClient,
  type TargetObject,
} from '../../src/receivers/target-client.js';
import { createWebhookApp } from '../../src/receivers/webhook-server.js';
import { captureLogs } from '../support/log-capture.js';
import { startTestIssuer, type TestIssuer } from '../support/oidc-issuer.js';

const NS = 'apps';
const TOKEN = 'sup3r-s3cret-t0ken';
/** GitHub's documented example: this secret and body give this X-Hub-Signature-256. */
const GITHUB_DOC_SECRET = "It's a Secret to Everybody";
const GITHUB_DOC_BODY = 'Hello, World!';
const GITHUB_DOC_SIGNATURE =
  'sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17';
const GCR_EMAIL = 'pusher@project.iam.gserviceaccount.com';
const GCR_AUDIENCE = 'https://hooks.example.com/hook';

const REPO = 'source.toolkit.fluxcd.io/v1';

function secret(name: string, data: Record<string, string>): Secret {
  return { apiVersion: 'v1', kind: 'Secret', metadata: { name, namespace: NS }, stringData: data };
}

function receiver(name: string, spec: Partial<ReceiverSpec>): Receiver {
  return {
    apiVersion: 'notification.toolkit.fluxcd.io/v1',
    kind: 'Receiver',
    metadata: { name, namespace: NS, generation: 1 },
    spec: {
      type: 'generic',
      secretRef: { name: 'token' },
      resources: [{ apiVersion: REPO, kind: 'GitRepository', name: 'app' }],
      ...spec,
    },
  };
}

/** Flux objects in memory, with the annotations the webhook sets. */
class MemoryTargets implements TargetClient {
  readonly objects: TargetObject[] = [];
  add(kind: string, namespace: string, name: string, labels: Record<string, string> = {}): void {
    this.objects.push({ apiVersion: REPO, kind, metadata: { name, namespace, labels } });
  }
  requestedAt(namespace: string, name: string): string | undefined {
    const found = this.objects.find(
      (o) => o.metadata.namespace === namespace && o.metadata.name === name,
    );
    return found?.metadata.annotations?.['reconcile.fluxcd.io/requestedAt'];
  }
  clear(): void {
    for (const object of this.objects) delete object.metadata.annotations;
  }
  read(_apiVersion: string, kind: string, namespace: string, name: string) {
    const found = this.objects.find(
      (o) => o.kind === kind && o.metadata.namespace === namespace && o.metadata.name === name,
    );
    return found === undefined
      ? Promise.reject(new Error(`${kind}.source.toolkit.fluxcd.io "${name}" not found`))
      : Promise.resolve(found);
  }
  list(
    _apiVersion: string,
    kind: string,
    namespace: string | undefined,
    labels: Record<string, string>,
  ) {
    assert.ok(labelSelectorOf(labels).length > 0);
    return Promise.resolve(
      this.objects.filter(
        (o) =>
          o.kind === kind &&
          (namespace === undefined || o.metadata.namespace === namespace) &&
          Object.entries(labels).every(([key, value]) => o.metadata.labels?.[key] === value),
      ),
    );
  }
  annotate(target: TargetObject, key: string, value: string) {
    target.metadata.annotations = { ...target.metadata.annotations, [key]: value };
    return Promise.resolve();
  }
}

function hmac(algorithm: string, key: string, body: string): string {
  return createHmac(algorithm, key).update(body).digest('hex');
}

describe('Receiver webhooks over a real socket', () => {
  const logs = captureLogs('debug');
  const targets = new MemoryTargets();
  let issuer: TestIssuer;
  let google: TestIssuer;
  let index: ReceiverIndex;
  let server: Server;
  let base = '';
  let noCrossNamespaceRefs = false;

  const pathOf = (name: string): string => {
    const entry = index.entries.find((e) => e.receiver.metadata.name === name);
    assert.ok(entry?.readiness.webhookPath, `${name} has a webhook path`);
    return entry.readiness.webhookPath;
  };
  const post = async (
    name: string,
    body: string | Buffer = '{}',
    headers: Record<string, string> = {},
  ): Promise<number> => {
    const response = await fetch(`${base}${pathOf(name)}`, { method: 'POST', headers, body });
    await response.arrayBuffer();
    return response.status;
  };
  const now = () => Math.floor(Date.now() / 1000);

  before(async () => {
    issuer = await startTestIssuer();
    google = await startTestIssuer('google-key');
    targets.add('GitRepository', NS, 'app', { team: 'a' });
    targets.add('GitRepository', NS, 'web', { team: 'a' });
    targets.add('GitRepository', NS, 'api', { team: 'b' });
    targets.add('GitRepository', 'other', 'shared', { team: 'a' });
    const receivers = [
      receiver('generic', {}),
      receiver('hmac', { type: 'generic-hmac' }),
      receiver('github', {
        type: 'github',
        events: ['ping', 'push'],
        secretRef: { name: 'github-doc' },
      }),
      receiver('github-any', { type: 'github' }),
      receiver('gitlab', { type: 'gitlab', events: ['Push Hook'] }),
      receiver('bitbucket', { type: 'bitbucket', events: ['repo:refs_changed'] }),
      receiver('harbor', { type: 'harbor' }),
      receiver('dockerhub', { type: 'dockerhub' }),
      receiver('quay', { type: 'quay' }),
      receiver('nexus', { type: 'nexus' }),
      receiver('acr', { type: 'acr' }),
      receiver('cdevents', { type: 'cdevents', events: ['dev.cdevents.artifact.published.0.1.1'] }),
      receiver('gcr', { type: 'gcr', secretRef: { name: 'gcr' } }),
      receiver('gcr-no-audience', { type: 'gcr' }),
      receiver('oidc', {
        type: 'generic-oidc',
        secretRef: undefined,
        oidcProviders: [
          {
            issuerURL: issuer.url,
            audience: 'flux',
            variables: [{ name: 'allowed', expression: "['my-org/my-repo']" }],
            validations: [
              { expression: 'claims.repository in vars.allowed', message: 'wrong repo' },
              {
                expression: "claims.ref.matches('^refs/heads/(main|release-.*)$')",
                message: 'wrong ref',
              },
            ],
          },
        ],
      }),
      receiver('suspended', { suspend: true }),
      receiver('labelled', {
        resources: [
          { apiVersion: REPO, kind: 'GitRepository', name: '*', matchLabels: { team: 'a' } },
        ],
      }),
      receiver('filtered', {
        resourceFilter: "req.ref == 'refs/heads/main' && res.metadata.name != 'web'",
        resources: [
          { apiVersion: REPO, kind: 'GitRepository', name: '*', matchLabels: { team: 'a' } },
        ],
      }),
      receiver('missing-target', {
        resources: [
          { apiVersion: REPO, kind: 'GitRepository', name: 'gone' },
          { apiVersion: REPO, kind: 'GitRepository', name: 'web' },
        ],
      }),
      receiver('cross', {
        resources: [
          { apiVersion: REPO, kind: 'GitRepository', name: 'shared', namespace: 'other' },
          { apiVersion: REPO, kind: 'GitRepository', name: 'api' },
        ],
      }),
    ];
    const secrets = [
      secret('token', { token: TOKEN }),
      secret('github-doc', { token: GITHUB_DOC_SECRET }),
      secret('gcr', { token: TOKEN, email: GCR_EMAIL, audience: GCR_AUDIENCE }),
    ];
    index = buildReceiverIndex(receivers, (namespace, name) =>
      secrets.find((s) => s.metadata.namespace === namespace && s.metadata.name === name),
    );
    const app = createWebhookApp({
      index: () => index,
      targets,
      keys: createSigningKeys({ now: () => performance.now() }),
      googleKeysUrl: google.jwksUrl,
      get noCrossNamespaceRefs() {
        return noCrossNamespaceRefs;
      },
      logger: logs.logger,
      clock: systemClock,
    });
    server = createServer(app);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${String((server.address() as AddressInfo).port)}`;
  });

  after(async () => {
    await new Promise((resolve) => server.close(resolve));
    await issuer.close();
    await google.close();
  });

  test('generic: any call to the path annotates the target with an RFC 3339 time', async () => {
    targets.clear();
    assert.equal(await post('generic'), 200);
    assert.match(
      targets.requestedAt(NS, 'app') ?? '',
      /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{1,9})?Z$/,
    );
    assert.equal(targets.requestedAt(NS, 'web'), undefined);
  });

  test('an unknown path is 404, a path with a query string too', async () => {
    const response = await fetch(`${base}/hook/${'0'.repeat(64)}`, { method: 'POST' });
    assert.equal(response.status, 404);
    assert.equal((await fetch(`${base}${pathOf('generic')}?x=1`, { method: 'POST' })).status, 404);
    assert.equal((await fetch(`${base}/other`, { method: 'POST' })).status, 404);
  });

  test('suspended, or not Ready (gcr without email and audience), is 503', async () => {
    assert.equal(await post('suspended'), 503);
    assert.equal(await post('gcr-no-audience'), 503);
  });

  test('a body over 3 MiB is 413; exactly 3 MiB is read', async () => {
    assert.equal(await post('generic', Buffer.alloc(3 * 1024 * 1024 + 1, 'a')), 413);
    assert.equal(await post('generic', Buffer.alloc(3 * 1024 * 1024, 'a')), 200);
  });

  test('generic-hmac: X-Signature sha1/sha256/sha512 of the body with the token', async () => {
    const body = '{"hello":"world"}';
    for (const algorithm of ['sha1', 'sha256', 'sha512'])
      assert.equal(
        await post('hmac', body, { 'X-Signature': `${algorithm}=${hmac(algorithm, TOKEN, body)}` }),
        200,
        algorithm,
      );
    assert.equal(
      await post('hmac', body, { 'X-Signature': `sha256=${hmac('sha256', 'wrong', body)}` }),
      400,
    );
    assert.equal(await post('hmac', body), 400);
    assert.equal(
      await post('hmac', body, { 'X-Signature': `md5=${hmac('md5', TOKEN, body)}` }),
      400,
    );
  });

  test("github: GitHub's documented signature example passes; tampering and missing fail", async () => {
    const json = { 'Content-Type': 'application/json', 'X-GitHub-Event': 'push' };
    assert.equal(
      await post('github', GITHUB_DOC_BODY, {
        ...json,
        'X-Hub-Signature-256': GITHUB_DOC_SIGNATURE,
      }),
      200,
    );
    assert.equal(
      await post('github', 'Hello, World?', {
        ...json,
        'X-Hub-Signature-256': GITHUB_DOC_SIGNATURE,
      }),
      400,
    );
    assert.equal(await post('github', GITHUB_DOC_BODY, json), 400);
    const sha1 = `sha1=${hmac('sha1', GITHUB_DOC_SECRET, GITHUB_DOC_BODY)}`;
    assert.equal(await post('github', GITHUB_DOC_BODY, { ...json, 'X-Hub-Signature': sha1 }), 200);
    assert.equal(
      await post('github', GITHUB_DOC_BODY, {
        'Content-Type': 'text/plain',
        'X-GitHub-Event': 'push',
        'X-Hub-Signature-256': GITHUB_DOC_SIGNATURE,
      }),
      400,
    );
  });

  test('github events filter: ping and push pass, issues is refused; no filter takes all', async () => {
    const signed = (event: string) => ({
      'Content-Type': 'application/json',
      'X-GitHub-Event': event,
      'X-Hub-Signature-256': GITHUB_DOC_SIGNATURE,
    });
    assert.equal(await post('github', GITHUB_DOC_BODY, signed('ping')), 200);
    assert.equal(await post('github', GITHUB_DOC_BODY, signed('PUSH')), 200);
    assert.equal(await post('github', GITHUB_DOC_BODY, signed('issues')), 400);
    const body = '{"zen":"Keep it logically awesome."}';
    assert.equal(
      await post('github-any', body, {
        'Content-Type': 'application/json',
        'X-GitHub-Event': 'issues',
        'X-Hub-Signature-256': `sha256=${hmac('sha256', TOKEN, body)}`,
      }),
      200,
    );
  });

  test('gitlab: X-Gitlab-Token must be the token; X-Gitlab-Event must be listed', async () => {
    assert.equal(
      await post('gitlab', '{}', { 'X-Gitlab-Token': TOKEN, 'X-Gitlab-Event': 'Push Hook' }),
      200,
    );
    assert.equal(
      await post('gitlab', '{}', { 'X-Gitlab-Token': 'nope', 'X-Gitlab-Event': 'Push Hook' }),
      400,
    );
    assert.equal(
      await post('gitlab', '{}', { 'X-Gitlab-Token': TOKEN, 'X-Gitlab-Event': 'Tag Push Hook' }),
      400,
    );
  });

  test('bitbucket: sha256 X-Hub-Signature and X-Event-Key', async () => {
    const body = '{"eventKey":"repo:refs_changed"}';
    const signature = `sha256=${hmac('sha256', TOKEN, body)}`;
    assert.equal(
      await post('bitbucket', body, {
        'X-Hub-Signature': signature,
        'X-Event-Key': 'repo:refs_changed',
      }),
      200,
    );
    assert.equal(
      await post('bitbucket', body, { 'X-Hub-Signature': signature, 'X-Event-Key': 'pr:opened' }),
      400,
    );
    assert.equal(await post('bitbucket', body, { 'X-Event-Key': 'repo:refs_changed' }), 400);
  });

  test('harbor: the token verbatim in Authorization', async () => {
    assert.equal(await post('harbor', '{}', { Authorization: TOKEN }), 200);
    assert.equal(await post('harbor', '{}', { Authorization: `Bearer ${TOKEN}` }), 400);
  });

  test('dockerhub, quay, acr: the payload must decode', async () => {
    const docker = {
      push_data: { tag: 'v1' },
      repository: { repo_url: 'https://hub.docker.com/r/a/b' },
    };
    assert.equal(await post('dockerhub', JSON.stringify(docker)), 200);
    assert.equal(await post('dockerhub', 'not json'), 400);
    assert.equal(await post('dockerhub', '{"push_data":"v1"}'), 400);
    assert.equal(await post('quay', '{"docker_url":"quay.io/a/b","updated_tags":["v1"]}'), 200);
    assert.equal(await post('quay', '{"updated_tags":"v1"}'), 400);
    assert.equal(
      await post('acr', '{"action":"push","target":{"repository":"a","tag":"v1"}}'),
      200,
    );
    assert.equal(await post('acr', '[1,2]'), 400);
  });

  test('nexus: X-Nexus-Webhook-Signature, the HMAC-SHA1 hex of the body', async () => {
    const body = '{"action":"CREATED","repositoryName":"releases"}';
    assert.equal(
      await post('nexus', body, { 'X-Nexus-Webhook-Signature': hmac('sha1', TOKEN, body) }),
      200,
    );
    assert.equal(
      await post('nexus', body, { 'X-Nexus-Webhook-Signature': hmac('sha1', 'x', body) }),
      400,
    );
    assert.equal(await post('nexus', body), 400);
  });

  test('cdevents: a valid CDEvent whose Ce-Type is listed', async () => {
    const type = 'dev.cdevents.artifact.published.0.1.1';
    const event = {
      context: {
        specversion: '0.4.1',
        id: '1',
        source: '/ci',
        type,
        timestamp: '2024-01-01T00:00:00Z',
      },
      subject: { id: 'pkg:oci/app@sha256:abc', content: {} },
    };
    assert.equal(await post('cdevents', JSON.stringify(event), { 'Ce-Type': type }), 200);
    assert.equal(
      await post('cdevents', JSON.stringify(event), {
        'Ce-Type': 'dev.cdevents.build.started.0.1.1',
      }),
      400,
    );
    const broken = { ...event, context: { ...event.context, id: '' } };
    assert.equal(await post('cdevents', JSON.stringify(broken), { 'Ce-Type': type }), 400);
  });

  test("gcr: a Google-signed ID token for the Secret's audience and email; keys cached", async () => {
    const claims = {
      iss: 'https://accounts.google.com',
      aud: GCR_AUDIENCE,
      email: GCR_EMAIL,
      email_verified: true,
      sub: '1234',
      iat: now(),
      exp: now() + 600,
    };
    const data = Buffer.from(
      JSON.stringify({ action: 'INSERT', digest: 'gcr.io/p/app@sha256:1', tag: 'gcr.io/p/app:v1' }),
    ).toString('base64');
    const body = JSON.stringify({
      message: { data, messageId: '1', publishTime: '2024-01-01T00:00:00Z' },
      subscription: 's',
    });
    const as = (token: string) => ({ Authorization: `Bearer ${token}` });
    assert.equal(await post('gcr', body, as(google.sign(claims))), 200);
    assert.equal(
      await post('gcr', body, as(google.sign({ ...claims, iss: 'accounts.google.com' }))),
      200,
    );
    assert.equal(await post('gcr', body, as(google.sign({ ...claims, aud: 'other' }))), 400);
    assert.equal(await post('gcr', body, as(google.sign({ ...claims, email: 'x@y.z' }))), 400);
    assert.equal(
      await post('gcr', body, as(google.sign({ ...claims, email_verified: false }))),
      400,
    );
    assert.equal(await post('gcr', body, as(google.sign({ ...claims, exp: now() - 600 }))), 400);
    assert.equal(await post('gcr', body, as(google.sign({ ...claims, iss: issuer.url }))), 400);
    assert.equal(
      await post('gcr', body, as(issuer.sign(claims, 'google-key'))),
      400,
      'signed by another key',
    );
    assert.equal(await post('gcr', body), 400);
    assert.equal(google.jwksFetches(), 1, 'the keys are fetched once and cached');
  });

  test('generic-oidc: the issuer’s token, audience and CEL validations (matches in RE2)', async () => {
    const claims = {
      iss: issuer.url,
      aud: 'flux',
      sub: 'repo:my-org/my-repo:ref:refs/heads/main',
      repository: 'my-org/my-repo',
      ref: 'refs/heads/main',
      exp: now() + 300,
    };
    const as = (token: string) => ({ Authorization: `Bearer ${token}` });
    assert.equal(await post('oidc', '{}', as(issuer.sign(claims))), 200);
    assert.equal(
      await post('oidc', '{}', as(issuer.sign({ ...claims, repository: 'evil/repo' }))),
      400,
    );
    assert.equal(
      await post('oidc', '{}', as(issuer.sign({ ...claims, ref: 'refs/heads/dev' }))),
      400,
    );
    assert.equal(await post('oidc', '{}', as(issuer.sign({ ...claims, aud: 'other' }))), 400);
    assert.equal(await post('oidc', '{}', as(google.sign({ ...claims, iss: google.url }))), 400);
    assert.equal(await post('oidc', '{}', as('not-a-jwt')), 400);
    const failures = logs
      .lines()
      .filter((line) => line.msg === 'unable to validate payload' && line.name === 'oidc')
      .map((line) => String(line.error));
    assert.ok(
      failures.some((error) => error.includes('wrong repo')),
      failures.join('\n'),
    );
  });

  test("name '*' with matchLabels annotates every labelled object of the namespace", async () => {
    targets.clear();
    assert.equal(await post('labelled'), 200);
    assert.ok(targets.requestedAt(NS, 'app'));
    assert.ok(targets.requestedAt(NS, 'web'));
    assert.equal(targets.requestedAt(NS, 'api'), undefined, 'other labels');
    assert.equal(targets.requestedAt('other', 'shared'), undefined, 'other namespace');
  });

  test('resourceFilter: CEL over res and the JSON body decides per target', async () => {
    targets.clear();
    const json = { 'Content-Type': 'application/json' };
    assert.equal(await post('filtered', '{"ref":"refs/heads/main"}', json), 200);
    assert.ok(targets.requestedAt(NS, 'app'));
    assert.equal(targets.requestedAt(NS, 'web'), undefined, 'filtered out by name');
    targets.clear();
    assert.equal(await post('filtered', '{"ref":"refs/heads/dev"}', json), 200);
    assert.equal(targets.requestedAt(NS, 'app'), undefined);
    assert.equal(await post('filtered', '{not json', json), 500);
  });

  test('a missing target is 500 and logged; the others are still annotated', async () => {
    targets.clear();
    assert.equal(await post('missing-target'), 500);
    assert.ok(targets.requestedAt(NS, 'web'));
    assert.ok(logs.text().includes('unable to read GitRepository'));
  });

  test('--no-cross-namespace-refs refuses a target elsewhere, patches the rest', async () => {
    targets.clear();
    assert.equal(await post('cross'), 200);
    assert.ok(targets.requestedAt('other', 'shared'));
    targets.clear();
    noCrossNamespaceRefs = true;
    try {
      assert.equal(await post('cross'), 500);
      assert.equal(targets.requestedAt('other', 'shared'), undefined);
      assert.ok(targets.requestedAt(NS, 'api'));
    } finally {
      noCrossNamespaceRefs = false;
    }
  });

  test('no token or key appears in any log line', () => {
    const text = logs.text();
    for (const secretValue of [TOKEN, GITHUB_DOC_SECRET])
      assert.ok(!text.includes(secretValue), 'a secret was logged');
    assert.ok(text.includes('unable to validate payload'), 'failures are logged');
  });
});
