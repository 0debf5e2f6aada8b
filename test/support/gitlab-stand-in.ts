import type { CapturedRequest } from './capture-server.js';
import { startCaptureServer, type CaptureServer } from './capture-server.js';
import { bodyJson, json, routeRequests } from './git-host-router.js';

export interface GitLabStatus {
  sha: string;
  status: string;
  name: string;
  description: string;
}

export interface GitLabNote {
  id: number;
  body: string;
  author: { username: string };
}

/** Who the stand-in's token is. */
export const GITLAB_USERNAME = 'flux-bot';

export interface GitLabStandIn {
  readonly server: CaptureServer;
  /** The web URL of the one project it serves, in a subgroup. */
  readonly projectUrl: string;
  /** Statuses by commit, newest first. */
  readonly statuses: Map<string, GitLabStatus[]>;
  /** Merge-request notes by IID, oldest first. */
  readonly notes: Map<number, GitLabNote[]>;
  close(): Promise<void>;
}

export const GITLAB_PROJECT = 'group/subgroup/project';
const STATES = new Set(['pending', 'running', 'success', 'failed', 'canceled']);

/**
 * GitLab's REST API v4 for commit statuses: `PRIVATE-TOKEN` auth (401), projects by URL-encoded
 * path (404 `Project Not Found`), statuses listed by name, a state outside GitLab's set a 400.
 */
export async function startGitLabStandIn(token: string): Promise<GitLabStandIn> {
  const statuses = new Map<string, GitLabStatus[]>();
  const notes = new Map<number, GitLabNote[]>();
  let nextNoteId = 500;
  const noteBody = (request: CapturedRequest) => {
    const body = (bodyJson(request) as { body?: unknown } | undefined)?.body;
    return typeof body === 'string' && body !== '' ? body : undefined;
  };
  const check = (request: CapturedRequest, id: string | undefined) => {
    if (request.headers['private-token'] !== token)
      return json(401, { message: '401 Unauthorized' });
    if (id !== GITLAB_PROJECT) return json(404, { message: '404 Project Not Found' });
    return undefined;
  };
  const rule = routeRequests(
    [
      {
        method: 'GET',
        path: /^\/api\/v4\/user$/,
        handle: (request) =>
          request.headers['private-token'] === token
            ? json(200, { id: 1, username: GITLAB_USERNAME })
            : json(401, { message: '401 Unauthorized' }),
      },
      {
        method: 'GET',
        path: /^\/api\/v4\/projects\/([^/]+)\/merge_requests\/(\d+)\/notes$/,
        handle: (request, [id, iid = ''], query) => {
          const refused = check(request, id);
          if (refused !== undefined) return refused;
          const perPage = Math.min(100, Number(query.get('per_page') ?? '20'));
          const page = Number(query.get('page') ?? '1');
          const all = notes.get(Number(iid)) ?? [];
          const sorted = query.get('sort') === 'asc' ? all : [...all].reverse();
          return json(200, sorted.slice((page - 1) * perPage, page * perPage));
        },
      },
      {
        method: 'POST',
        path: /^\/api\/v4\/projects\/([^/]+)\/merge_requests\/(\d+)\/notes$/,
        handle: (request, [id, iid = '']) => {
          const refused = check(request, id);
          if (refused !== undefined) return refused;
          const body = noteBody(request);
          if (body === undefined) return json(400, { message: { note: ["can't be blank"] } });
          const note = { id: nextNoteId++, body, author: { username: GITLAB_USERNAME } };
          notes.set(Number(iid), [...(notes.get(Number(iid)) ?? []), note]);
          return json(201, note);
        },
      },
      {
        method: 'PUT',
        path: /^\/api\/v4\/projects\/([^/]+)\/merge_requests\/(\d+)\/notes\/(\d+)$/,
        handle: (request, [id, iid = '', noteId = '']) => {
          const refused = check(request, id);
          if (refused !== undefined) return refused;
          const note = notes.get(Number(iid))?.find((entry) => entry.id === Number(noteId));
          if (note === undefined) return json(404, { message: '404 Not found' });
          if (note.author.username !== GITLAB_USERNAME)
            return json(403, { message: '403 Forbidden' });
          const body = noteBody(request);
          if (body === undefined) return json(400, { message: { note: ["can't be blank"] } });
          note.body = body;
          return json(200, note);
        },
      },
      {
        method: 'GET',
        path: /^\/api\/v4\/projects\/([^/]+)\/repository\/commits\/([^/]+)\/statuses$/,
        handle: (request, [id, sha = ''], query) => {
          const refused = check(request, id);
          if (refused !== undefined) return refused;
          const name = query.get('name');
          const listed = (statuses.get(sha) ?? []).filter(
            (status) => name === null || status.name === name,
          );
          return json(
            200,
            listed.map((status, index) => ({ id: index + 1, ref: 'main', ...status })),
          );
        },
      },
      {
        method: 'POST',
        path: /^\/api\/v4\/projects\/([^/]+)\/statuses\/([^/]+)$/,
        handle: (request, [id, sha = '']) => {
          const refused = check(request, id);
          if (refused !== undefined) return refused;
          const body = bodyJson(request) as { state?: string; name?: string; description?: string };
          if (body.state === undefined || !STATES.has(body.state)) {
            return json(400, { error: 'state does not have a valid value' });
          }
          const status = {
            sha,
            status: body.state,
            name: body.name ?? 'default',
            description: body.description ?? '',
          };
          statuses.set(sha, [status, ...(statuses.get(sha) ?? [])]);
          return json(201, { id: 1, ...status });
        },
      },
    ],
    json(404, { message: '404 Not Found' }),
  );
  const server = await startCaptureServer({ defaultReply: rule });
  return {
    server,
    projectUrl: `${server.url}/${GITLAB_PROJECT}.git`,
    statuses,
    notes,
    close: () => server.close(),
  };
}
