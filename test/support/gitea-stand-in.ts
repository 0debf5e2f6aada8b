import type { CapturedRequest } from './capture-server.js';
import { startCaptureServer, type CaptureServer } from './capture-server.js';
import { bodyJson, json, routeRequests } from './git-host-router.js';

export interface GiteaStatus {
  status: string;
  description: string;
  context: string;
  target_url: string;
}

export interface GiteaComment {
  id: number;
  body: string;
  user: { login: string };
}

/** Who the stand-in's token is. */
export const GITEA_LOGIN = 'flux-bot';

export interface GiteaStandIn {
  readonly server: CaptureServer;
  readonly repositoryUrl: string;
  /** Statuses by commit, newest first. */
  readonly statuses: Map<string, GiteaStatus[]>;
  /** Issue and pull-request comments by number, oldest first. */
  readonly comments: Map<number, GiteaComment[]>;
  close(): Promise<void>;
}

const STATES = new Set(['pending', 'success', 'error', 'failure', 'warning']);

/**
 * Gitea's API v1 for commit statuses: `Authorization: token` (401), one repository `org/repo`
 * (404), statuses listed page by page (`page`, `limit`) with their state as `status`, an unknown
 * state a 422, and `/version`.
 */
export async function startGiteaStandIn(token: string): Promise<GiteaStandIn> {
  const statuses = new Map<string, GiteaStatus[]>();
  const comments = new Map<number, GiteaComment[]>();
  let nextCommentId = 70;
  const commentBody = (request: CapturedRequest) => {
    const body = (bodyJson(request) as { body?: unknown } | undefined)?.body;
    return typeof body === 'string' && body !== '' ? body : undefined;
  };
  const check = (request: CapturedRequest, owner?: string, repo?: string) => {
    if (request.headers.authorization !== `token ${token}`) {
      return json(401, { message: 'token is required', url: 'https://gitea.example/api/swagger' });
    }
    if (owner !== 'org' || repo !== 'repo')
      return json(404, { errors: [], message: "The target couldn't be found." });
    return undefined;
  };
  const rule = routeRequests(
    [
      {
        method: 'GET',
        path: /^\/api\/v1\/version$/,
        handle: () => json(200, { version: '1.22.3' }),
      },
      {
        method: 'GET',
        path: /^\/api\/v1\/user$/,
        handle: (request) =>
          request.headers.authorization === `token ${token}`
            ? json(200, { id: 1, login: GITEA_LOGIN })
            : json(401, { message: 'token is required' }),
      },
      {
        method: 'GET',
        path: /^\/api\/v1\/repos\/([^/]+)\/([^/]+)\/issues\/(\d+)\/comments$/,
        handle: (request, [owner, repo, number = ''], query) => {
          const refused = check(request, owner, repo);
          if (refused !== undefined) return refused;
          const limit = Math.min(50, Number(query.get('limit') ?? '30'));
          const page = Math.max(1, Number(query.get('page') ?? '1'));
          const all = comments.get(Number(number)) ?? [];
          return json(200, all.slice((page - 1) * limit, page * limit));
        },
      },
      {
        method: 'POST',
        path: /^\/api\/v1\/repos\/([^/]+)\/([^/]+)\/issues\/(\d+)\/comments$/,
        handle: (request, [owner, repo, number = '']) => {
          const refused = check(request, owner, repo);
          if (refused !== undefined) return refused;
          const body = commentBody(request);
          if (body === undefined) return json(422, { message: '[Body]: Required' });
          const comment = { id: nextCommentId++, body, user: { login: GITEA_LOGIN } };
          comments.set(Number(number), [...(comments.get(Number(number)) ?? []), comment]);
          return json(201, comment);
        },
      },
      {
        method: 'PATCH',
        path: /^\/api\/v1\/repos\/([^/]+)\/([^/]+)\/issues\/comments\/(\d+)$/,
        handle: (request, [owner, repo, id = '']) => {
          const refused = check(request, owner, repo);
          if (refused !== undefined) return refused;
          const comment = [...comments.values()].flat().find((entry) => entry.id === Number(id));
          if (comment === undefined) return json(404, { message: 'comment not found' });
          if (comment.user.login !== GITEA_LOGIN) return json(403, { message: 'forbidden' });
          const body = commentBody(request);
          if (body === undefined) return json(422, { message: '[Body]: Required' });
          comment.body = body;
          return json(200, comment);
        },
      },
      {
        method: 'GET',
        path: /^\/api\/v1\/repos\/([^/]+)\/([^/]+)\/commits\/([^/]+)\/statuses$/,
        handle: (request, [owner, repo, sha = ''], query) => {
          const refused = check(request, owner, repo);
          if (refused !== undefined) return refused;
          const limit = Number(query.get('limit') ?? '30');
          const page = Math.max(1, Number(query.get('page') ?? '1'));
          const all = statuses.get(sha) ?? [];
          return json(200, all.slice((page - 1) * limit, page * limit), {
            'x-total-count': String(all.length),
          });
        },
      },
      {
        method: 'POST',
        path: /^\/api\/v1\/repos\/([^/]+)\/([^/]+)\/statuses\/([^/]+)$/,
        handle: (request, [owner, repo, sha = '']) => {
          const refused = check(request, owner, repo);
          if (refused !== undefined) return refused;
          const body = bodyJson(request) as Partial<{
            state: string;
            description: string;
            context: string;
            target_url: string;
          }>;
          if (body.state === undefined || !STATES.has(body.state)) {
            return json(422, { message: '[State]: Invalid', url: '' });
          }
          const status = {
            status: body.state,
            description: body.description ?? '',
            context: body.context ?? '',
            target_url: body.target_url ?? '',
          };
          statuses.set(sha, [status, ...(statuses.get(sha) ?? [])]);
          return json(201, { id: 1, ...status });
        },
      },
    ],
    json(404, { message: 'not found' }),
  );
  const server = await startCaptureServer({ defaultReply: rule });
  return {
    server,
    repositoryUrl: `${server.url}/org/repo.git`,
    statuses,
    comments,
    close: () => server.close(),
  };
}
