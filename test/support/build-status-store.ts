import type { CapturedRequest } from './capture-server.js';
import { bodyJson } from './git-host-router.js';

/** A Bitbucket build status, as Cloud and Server keep it. */
export interface BuildStatus {
  key: string;
  state: string;
  name: string;
  description: string;
  url: string;
}

/** Build statuses by commit, then key: Bitbucket overwrites what a key held. */
export type BuildStatusStore = Map<string, Map<string, BuildStatus>>;

/**
 * Keeps the status a POST carries for the commit, as both Bitbucket APIs do; undefined when its
 * state is not one of `states` or it has no key (the host's 400).
 */
export function keepBuildStatus(
  store: BuildStatusStore,
  sha: string,
  request: CapturedRequest,
  states: ReadonlySet<string>,
): BuildStatus | undefined {
  const body = bodyJson(request) as Partial<BuildStatus> | undefined;
  if (body?.state === undefined || !states.has(body.state) || body.key === undefined) {
    return undefined;
  }
  const status = {
    key: body.key,
    state: body.state,
    name: body.name ?? '',
    description: body.description ?? '',
    url: body.url ?? '',
  };
  const forCommit = store.get(sha) ?? new Map<string, BuildStatus>();
  forCommit.set(status.key, status);
  store.set(sha, forCommit);
  return status;
}
