import type { CapturedRequest } from './capture-server.js';
import { startCaptureServer, type CaptureServer } from './capture-server.js';
import { bodyJson, json, routeRequests } from './git-host-router.js';

export interface GiteaStatus {
  status: string;
  description: string;
  context: string;
  target_url: string;
}

export interface GiteaStandIn {
  readonly server: CaptureServer;
  readonly repositoryUrl: string;
  /** Statuses by commit, newest first. */
  readonly statuses: Map<string, GiteaStatus[]>;
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
    close: () => server.close(),
  };
}
