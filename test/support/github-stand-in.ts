import { createPublicKey, generateKeyPairSync, verify } from 'node:crypto';
import {
  startCaptureServer,
  type CaptureServer,
  type CaptureServerOptions,
  type CapturedRequest,
} from './capture-server.js';
import { bodyJson, json, routeRequests } from './git-host-router.js';

export interface GitHubStatus {
  state: string;
  description: string;
  context: string;
}

export interface GitHubComment {
  id: number;
  user: { login: string };
  body: string;
}

/** Who a personal token is, and the App installation tokens' author. */
export const GITHUB_USER = 'flux-bot';
export const GITHUB_APP_SLUG = 'flux-app';

export interface GitHubStandIn {
  readonly server: CaptureServer;
  /** `<url>/owner/repo`: the address of the one repository it serves. */
  readonly repositoryUrl: string;
  /** Statuses by commit, newest first, as GitHub lists them. */
  readonly statuses: Map<string, GitHubStatus[]>;
  /** Tokens the API takes. */
  readonly tokens: Set<string>;
  /** The App's private key (PEM) and the installation tokens it handed out. */
  readonly app: {
    readonly id: string;
    readonly installationId: string;
    readonly privateKey: string;
  };
  readonly issuedTokens: string[];
  /** Issue and pull-request comments by number, oldest first. */
  readonly comments: Map<number, GitHubComment[]>;
  /** Answers the next comment creation with a 502 after keeping the comment (a lost answer). */
  loseNextCreateAnswer(): void;
  /** The repository_dispatch events received, as parsed. */
  readonly dispatches: { event_type: string; client_payload: Record<string, unknown> }[];
  close(): Promise<void>;
}

const OWNER = 'org';
const REPO = 'repo';
const STATES = new Set(['error', 'failure', 'pending', 'success']);

/**
 * GitHub's REST API as far as the `github` notifier uses it, served as GitHub Enterprise
 * (`/api/v3`): commit statuses (list, create, with GitHub's 401/404/422 answers) and App
 * installation tokens, whose JWT is checked against the App's public key.
 */
export async function startGitHubStandIn(
  options: { now?: () => number; tokenLifetimeMs?: number; tls?: CaptureServerOptions['tls'] } = {},
): Promise<GitHubStandIn> {
  const now = options.now ?? (() => Date.now());
  const lifetime = options.tokenLifetimeMs ?? 60 * 60_000;
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const app = {
    id: '123456',
    installationId: '987654',
    privateKey: privateKey.export({ type: 'pkcs1', format: 'pem' }).toString(),
  };
  const statuses = new Map<string, GitHubStatus[]>();
  const tokens = new Set<string>();
  const issuedTokens: string[] = [];
  const dispatches: GitHubStandIn['dispatches'] = [];
  const comments = new Map<number, GitHubComment[]>();
  let nextCommentId = 1000;
  let loseCreateAnswer = false;
  const tokenOf = (request: CapturedRequest) =>
    (request.headers.authorization ?? '').replace(/^(Bearer|token) /, '');
  const loginOf = (request: CapturedRequest) =>
    issuedTokens.includes(tokenOf(request)) ? `${GITHUB_APP_SLUG}[bot]` : GITHUB_USER;
  const unauthorized = json(401, {
    message: 'Bad credentials',
    documentation_url: 'https://docs.github.com/rest',
  });
  const authorized = (request: CapturedRequest) => {
    const header = request.headers.authorization ?? '';
    const token = header.replace(/^(Bearer|token) /, '');
    return header !== token && tokens.has(token);
  };
  const known = (owner: string | undefined, repo: string | undefined) =>
    owner === OWNER && repo === REPO;
  const notFound = json(404, {
    message: 'Not Found',
    documentation_url: 'https://docs.github.com/rest',
  });

  const rule = routeRequests(
    [
      {
        method: 'POST',
        path: /^\/api\/v3\/app\/installations\/([^/]+)\/access_tokens$/,
        handle: (request, [installation]) => {
          const jwt = (request.headers.authorization ?? '').replace(/^Bearer /, '');
          if (
            !validAppJwt(
              jwt,
              app.id,
              createPublicKey(publicKey.export({ type: 'spki', format: 'pem' })),
              now(),
            )
          ) {
            return json(401, { message: 'A JSON web token could not be decoded' });
          }
          if (installation !== app.installationId) return notFound;
          const token = `ghs_installation${issuedTokens.length + 1}`;
          issuedTokens.push(token);
          tokens.add(token);
          return json(201, {
            token,
            expires_at: new Date(now() + lifetime).toISOString().replace(/\.\d+Z$/, 'Z'),
            permissions: { statuses: 'write' },
          });
        },
      },
      {
        method: 'GET',
        path: /^\/api\/v3\/repos\/([^/]+)\/([^/]+)\/commits\/([^/]+)\/statuses$/,
        handle: (request, [owner, repo, sha = ''], query) => {
          if (!authorized(request)) return unauthorized;
          if (!known(owner, repo)) return notFound;
          const perPage = Number(query.get('per_page') ?? '30');
          const page = Number(query.get('page') ?? '1');
          const all = statuses.get(sha) ?? [];
          return json(200, all.slice((page - 1) * perPage, page * perPage));
        },
      },
      {
        method: 'GET',
        path: /^\/api\/v3\/user$/,
        handle: (request) =>
          authorized(request) ? json(200, { login: loginOf(request), id: 1 }) : unauthorized,
      },
      {
        method: 'GET',
        path: /^\/api\/v3\/app$/,
        handle: (request) => {
          const jwt = (request.headers.authorization ?? '').replace(/^Bearer /, '');
          return validAppJwt(
            jwt,
            app.id,
            createPublicKey(publicKey.export({ type: 'spki', format: 'pem' })),
            now(),
          )
            ? json(200, { id: Number(app.id), slug: GITHUB_APP_SLUG })
            : json(401, { message: 'A JSON web token could not be decoded' });
        },
      },
      {
        method: 'GET',
        path: /^\/api\/v3\/repos\/([^/]+)\/([^/]+)\/issues\/(\d+)\/comments$/,
        handle: (request, [owner, repo, number = ''], query) => {
          if (!authorized(request)) return unauthorized;
          if (!known(owner, repo)) return notFound;
          const perPage = Math.min(100, Number(query.get('per_page') ?? '30'));
          const page = Number(query.get('page') ?? '1');
          const all = comments.get(Number(number)) ?? [];
          return json(200, all.slice((page - 1) * perPage, page * perPage));
        },
      },
      {
        method: 'POST',
        path: /^\/api\/v3\/repos\/([^/]+)\/([^/]+)\/issues\/(\d+)\/comments$/,
        handle: (request, [owner, repo, number = '']) => {
          if (!authorized(request)) return unauthorized;
          if (!known(owner, repo)) return notFound;
          const body = (bodyJson(request) as { body?: unknown } | undefined)?.body;
          if (typeof body !== 'string' || body === '') {
            return json(422, {
              message: 'Validation Failed',
              errors: [{ field: 'body', code: 'missing_field' }],
            });
          }
          const comment = { id: nextCommentId++, user: { login: loginOf(request) }, body };
          comments.set(Number(number), [...(comments.get(Number(number)) ?? []), comment]);
          if (loseCreateAnswer) {
            loseCreateAnswer = false;
            return json(502, { message: 'Server Error' });
          }
          return json(201, comment);
        },
      },
      {
        method: 'PATCH',
        path: /^\/api\/v3\/repos\/([^/]+)\/([^/]+)\/issues\/comments\/(\d+)$/,
        handle: (request, [owner, repo, id = '']) => {
          if (!authorized(request)) return unauthorized;
          if (!known(owner, repo)) return notFound;
          const comment = [...comments.values()].flat().find((entry) => entry.id === Number(id));
          if (comment === undefined) return notFound;
          if (comment.user.login !== loginOf(request))
            return json(403, { message: 'Must have admin rights to Repository.' });
          const body = (bodyJson(request) as { body?: unknown } | undefined)?.body;
          if (typeof body !== 'string') return json(422, { message: 'Validation Failed' });
          comment.body = body;
          return json(200, comment);
        },
      },
      {
        method: 'POST',
        path: /^\/api\/v3\/repos\/([^/]+)\/([^/]+)\/dispatches$/,
        handle: (request, [owner, repo]) => {
          if (!authorized(request)) return unauthorized;
          if (!known(owner, repo)) return notFound;
          const body = bodyJson(request) as
            { event_type?: unknown; client_payload?: unknown } | undefined;
          const payload = body?.client_payload;
          // GitHub's rules: an event type of 1 to 100 characters, at most 10 payload keys.
          if (
            typeof body?.event_type !== 'string' ||
            body.event_type.length === 0 ||
            body.event_type.length > 100 ||
            (payload !== undefined &&
              (typeof payload !== 'object' || payload === null || Object.keys(payload).length > 10))
          ) {
            return json(422, { message: 'Invalid request.' });
          }
          dispatches.push({
            event_type: body.event_type,
            client_payload: (payload ?? {}) as Record<string, unknown>,
          });
          return { status: 204 };
        },
      },
      {
        method: 'POST',
        path: /^\/api\/v3\/repos\/([^/]+)\/([^/]+)\/statuses\/([^/]+)$/,
        handle: (request, [owner, repo, sha = '']) => {
          if (!authorized(request)) return unauthorized;
          if (!known(owner, repo)) return notFound;
          const body = bodyJson(request) as Partial<GitHubStatus> | undefined;
          if (body?.state === undefined || !STATES.has(body.state)) {
            return json(422, {
              message: 'Validation Failed',
              errors: [{ field: 'state', code: 'invalid' }],
            });
          }
          const status = {
            state: body.state,
            description: body.description ?? '',
            context: body.context ?? 'default',
          };
          statuses.set(sha, [status, ...(statuses.get(sha) ?? [])]);
          return json(201, { id: 1, ...status });
        },
      },
    ],
    notFound,
  );
  const server = await startCaptureServer({
    defaultReply: rule,
    ...(options.tls === undefined ? {} : { tls: options.tls }),
  });
  return {
    server,
    repositoryUrl: `${server.url}/${OWNER}/${REPO}`,
    statuses,
    tokens,
    app,
    issuedTokens,
    dispatches,
    comments,
    loseNextCreateAnswer: () => {
      loseCreateAnswer = true;
    },
    close: () => server.close(),
  };
}

/** GitHub's checks on an App JWT: RS256 over header.claims, iss the App ID, iat ≤ now < exp. */
function validAppJwt(
  jwt: string,
  appId: string,
  publicKey: ReturnType<typeof createPublicKey>,
  nowMs: number,
): boolean {
  const [header = '', claims = '', signature = ''] = jwt.split('.');
  const signed = verify(
    'sha256',
    Buffer.from(`${header}.${claims}`),
    publicKey,
    Buffer.from(signature, 'base64url'),
  );
  if (!signed) return false;
  const decodedHeader = JSON.parse(Buffer.from(header, 'base64url').toString()) as { alg?: string };
  const decoded = JSON.parse(Buffer.from(claims, 'base64url').toString()) as {
    iss?: unknown;
    iat?: number;
    exp?: number;
  };
  const nowS = nowMs / 1000;
  return (
    decodedHeader.alg === 'RS256' &&
    String(decoded.iss) === appId &&
    (decoded.iat ?? Infinity) <= nowS &&
    nowS < (decoded.exp ?? 0) &&
    (decoded.exp ?? 0) - (decoded.iat ?? 0) <= 600
  );
}

/** The credentials Secret keys of the stand-in's GitHub App, its base URL included. */
export function appSecretData(github: GitHubStandIn): Record<string, string> {
  return {
    githubAppID: github.app.id,
    githubAppInstallationID: github.app.installationId,
    githubAppPrivateKey: github.app.privateKey,
    githubAppBaseURL: `${github.server.url}/api/v3`,
  };
}
