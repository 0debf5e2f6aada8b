import type { CapturedRequest } from './capture-server.js';
import { startCaptureServer, type CaptureServer } from './capture-server.js';
import { keepBuildStatus, type BuildStatus, type BuildStatusStore } from './build-status-store.js';
import { json, routeRequests } from './git-host-router.js';

export type BitbucketStatus = BuildStatus;

export interface BitbucketStandIn {
  readonly server: CaptureServer;
  /** The API base to hand the notifier (`<url>/2.0`). */
  readonly apiBase: string;
  /** Statuses by commit, then key: Bitbucket overwrites a key's status. */
  readonly statuses: BuildStatusStore;
  close(): Promise<void>;
}

const STATES = new Set(['SUCCESSFUL', 'FAILED', 'INPROGRESS', 'STOPPED']);
const error = (status: number, message: string) =>
  json(status, { type: 'error', error: { message } });

/**
 * Bitbucket Cloud's API 2.0 for build statuses: basic auth (user and app password) or a bearer
 * token (401 otherwise), one repository `workspace/repo` (404), statuses read and written by
 * key (a missing key is a 404), an unknown state a 400.
 */
export async function startBitbucketStandIn(
  credentials: { username: string; password: string } | { bearer: string },
): Promise<BitbucketStandIn> {
  const statuses = new Map() as BuildStatusStore;
  const expected =
    'bearer' in credentials
      ? `Bearer ${credentials.bearer}`
      : `Basic ${Buffer.from(`${credentials.username}:${credentials.password}`).toString('base64')}`;
  const check = (request: CapturedRequest, workspace?: string, repo?: string) => {
    if (request.headers.authorization !== expected) return error(401, 'Unauthorized');
    if (workspace !== 'workspace' || repo !== 'repo')
      return error(404, 'Repository workspace/' + (repo ?? '') + ' not found');
    return undefined;
  };
  const base = '^/2\\.0/repositories/([^/]+)/([^/]+)/commit/([^/]+)/statuses/build';
  const rule = routeRequests(
    [
      {
        method: 'GET',
        path: new RegExp(`${base}/([^/]+)$`),
        handle: (request, [workspace, repo, sha = '', key = '']) => {
          const refused = check(request, workspace, repo);
          if (refused !== undefined) return refused;
          const status = statuses.get(sha)?.get(key);
          return status === undefined
            ? error(404, 'No such commit status')
            : json(200, { type: 'build', ...status });
        },
      },
      {
        method: 'POST',
        path: new RegExp(`${base}/?$`),
        handle: (request, [workspace, repo, sha = '']) => {
          const refused = check(request, workspace, repo);
          if (refused !== undefined) return refused;
          const status = keepBuildStatus(statuses, sha, request, STATES);
          if (status === undefined) {
            return error(400, 'state: must be one of SUCCESSFUL, FAILED, INPROGRESS, STOPPED');
          }
          return json(201, { type: 'build', ...status });
        },
      },
    ],
    error(404, 'Resource not found'),
  );
  const server = await startCaptureServer({ defaultReply: rule });
  return { server, apiBase: `${server.url}/2.0`, statuses, close: () => server.close() };
}
