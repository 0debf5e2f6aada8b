import type { CapturedRequest } from './capture-server.js';
import { startCaptureServer, type CaptureServer } from './capture-server.js';
import { keepBuildStatus, type BuildStatus, type BuildStatusStore } from './build-status-store.js';
import { json, routeRequests } from './git-host-router.js';

export type BitbucketServerStatus = BuildStatus;

export interface BitbucketServerStandIn {
  readonly server: CaptureServer;
  /** The http clone URL of `PROJ/repo`, under the context path `/bitbucket`. */
  readonly cloneUrl: string;
  /** Statuses by commit, then key. */
  readonly statuses: BuildStatusStore;
  close(): Promise<void>;
}

const STATES = new Set(['SUCCESSFUL', 'FAILED', 'INPROGRESS', 'CANCELLED', 'UNKNOWN']);
const errors = (status: number, message: string) =>
  json(status, { errors: [{ context: null, message }] });

/**
 * Bitbucket Server's (Data Center) REST API for build statuses under a context path: a bearer
 * token or basic auth (401), the XSRF header it asks of writes (403 without it), one project
 * `PROJ/repo` (404), a status read by `?key=` (404 when there is none), an unknown state a 400.
 */
export async function startBitbucketServerStandIn(
  authorization: string,
): Promise<BitbucketServerStandIn> {
  const statuses = new Map() as BuildStatusStore;
  const check = (request: CapturedRequest, project?: string, repo?: string) => {
    if (request.headers.authorization !== authorization)
      return errors(401, 'Authentication failed. Please check your credentials and try again.');
    if (request.method === 'POST' && request.headers['x-atlassian-token'] !== 'no-check')
      return errors(403, 'XSRF check failed');
    if (project !== 'PROJ' || repo !== 'repo')
      return errors(404, `Repository ${project ?? ''}/${repo ?? ''} does not exist.`);
    return undefined;
  };
  const path =
    /^\/bitbucket\/rest\/api\/latest\/projects\/([^/]+)\/repos\/([^/]+)\/commits\/([^/]+)\/builds$/;
  const rule = routeRequests(
    [
      {
        method: 'GET',
        path,
        handle: (request, [project, repo, sha = ''], query) => {
          const refused = check(request, project, repo);
          if (refused !== undefined) return refused;
          const status = statuses.get(sha)?.get(query.get('key') ?? '');
          return status === undefined
            ? errors(404, 'No build status exists for the key')
            : json(200, status);
        },
      },
      {
        method: 'POST',
        path,
        handle: (request, [project, repo, sha = '']) => {
          const refused = check(request, project, repo);
          if (refused !== undefined) return refused;
          const status = keepBuildStatus(statuses, sha, request, STATES);
          if (status === undefined) {
            return errors(400, 'The state must be one of SUCCESSFUL, FAILED, INPROGRESS');
          }
          return { status: 204 };
        },
      },
    ],
    errors(404, 'Not found'),
  );
  const server = await startCaptureServer({ defaultReply: rule });
  return {
    server,
    cloneUrl: `${server.url}/bitbucket/scm/PROJ/repo.git`,
    statuses,
    close: () => server.close(),
  };
}
