import type { CapturedRequest } from './capture-server.js';
import { startCaptureServer, type CaptureServer } from './capture-server.js';
import { bodyJson, json, routeRequests } from './git-host-router.js';

export interface AzureDevOpsStatus {
  context: { genre: string; name: string };
  state: string;
  description: string;
}

export interface AzureDevOpsStandIn {
  readonly server: CaptureServer;
  /** `<url>/org/project/_git/repo`. */
  readonly repositoryUrl: string;
  /** Statuses by commit, newest first. */
  readonly statuses: Map<string, AzureDevOpsStatus[]>;
  close(): Promise<void>;
}

const STATES = new Set(['notSet', 'pending', 'succeeded', 'failed', 'error', 'notApplicable']);

/**
 * Azure DevOps' Git statuses API: a PAT as basic auth (401), the api-version in the Accept
 * header (400 without one), one repository `org/project/repo` (404), statuses listed as
 * `{count, value}`, an unknown state a 400.
 */
export async function startAzureDevOpsStandIn(token: string): Promise<AzureDevOpsStandIn> {
  const statuses = new Map<string, AzureDevOpsStatus[]>();
  const failure = (status: number, message: string) =>
    json(status, { $id: '1', message, typeKey: 'InvalidArgumentValueException', errorCode: 0 });
  const check = (request: CapturedRequest, org?: string, project?: string, repo?: string) => {
    if (request.headers.authorization !== `Basic ${Buffer.from(`:${token}`).toString('base64')}`) {
      return { status: 401, body: '' };
    }
    if (!/api-version=\d/.test(request.headers.accept ?? '')) {
      return failure(400, 'No api-version was supplied for the request.');
    }
    if (org !== 'org' || project !== 'project' || repo !== 'repo') {
      return failure(
        404,
        `TF401019: The Git repository with name or identifier ${repo ?? ''} does not exist.`,
      );
    }
    return undefined;
  };
  const path =
    /^\/([^/]+)\/([^/]+)\/_apis\/git\/repositories\/([^/]+)\/commits\/([^/]+)\/statuses$/;
  const rule = routeRequests(
    [
      {
        method: 'GET',
        path,
        handle: (request, [org, project, repo, sha = '']) => {
          const refused = check(request, org, project, repo);
          if (refused !== undefined) return refused;
          const value = statuses.get(sha) ?? [];
          return json(200, { count: value.length, value });
        },
      },
      {
        method: 'POST',
        path,
        handle: (request, [org, project, repo, sha = '']) => {
          const refused = check(request, org, project, repo);
          if (refused !== undefined) return refused;
          const body = bodyJson(request) as Partial<AzureDevOpsStatus>;
          if (body.state === undefined || !STATES.has(body.state) || body.context === undefined) {
            return failure(400, 'The status state is not valid.');
          }
          const status = {
            context: body.context,
            state: body.state,
            description: body.description ?? '',
          };
          statuses.set(sha, [status, ...(statuses.get(sha) ?? [])]);
          return json(201, { id: 1, ...status });
        },
      },
    ],
    failure(404, 'The controller for path was not found.'),
  );
  const server = await startCaptureServer({ defaultReply: rule });
  return {
    server,
    repositoryUrl: `${server.url}/org/project/_git/repo`,
    statuses,
    close: () => server.close(),
  };
}
