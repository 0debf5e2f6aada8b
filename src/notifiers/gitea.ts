import { goJsonString } from './go-json-string.js';
import type { Notifier, NotifierDeps, ProviderTarget } from './notifier.js';
import { commitStatusDescription } from './git/commit-status-description.js';
import {
  createCommitStatusNotifier,
  type CommitStatusUpdate,
} from './git/commit-status-notifier.js';
import { pathOf } from './git/git-target.js';
import { giteaClientOf } from './git/gitea-client.js';
import { parseJsonAnswer, stringField } from './git/json-answer.js';
import { isLatestStatus, type ListedStatus } from './git/latest-status.js';

/** Flux lists one page of 50 statuses to find a duplicate. */
const STATUS_PAGE_SIZE = 50;

/** Flux's states: Progressing → pending (Gitea alone sets one), info → success, error → failure. */
function giteaState(update: CommitStatusUpdate): string {
  if (update.progressing) return 'pending';
  return update.severity === 'info' ? 'success' : 'failure';
}

/**
 * Flux's `gitea` notifier (Forgejo too): a commit status per event
 * (`POST /api/v1/repos/{owner}/{repo}/statuses/{sha}`), unless the latest status with the same
 * context has the same state and description. As the Gitea SDK Flux uses, each event first asks
 * the server's version, which makes sure the host is a Gitea.
 */
export function createGiteaNotifier(target: ProviderTarget, deps: NotifierDeps): Notifier {
  const { poster, repoPath, headers, checkServer } = giteaClientOf(target, deps);
  const get = (url: string, signal: AbortSignal) =>
    poster.post({ method: 'GET', url, body: Buffer.alloc(0), headers }, signal);
  return createCommitStatusNotifier(target, {
    skipsProgressing: false,
    async set(update, signal) {
      await checkServer(signal);
      const status = {
        state: giteaState(update),
        description: commitStatusDescription(update.event),
        context: update.id,
      };
      const sha = pathOf(update.sha);
      const listed = await get(
        `${repoPath}/commits/${sha}/statuses?limit=${STATUS_PAGE_SIZE}&page=1`,
        signal,
      );
      if (isLatestStatus(listedStatuses(parseJsonAnswer(listed.body)), status)) return;
      // The SDK's CreateStatusOption, in its field order, through json.Marshal.
      const body =
        `{"state":${goJsonString(status.state)},"target_url":"",` +
        `"description":${goJsonString(status.description)},"context":${goJsonString(status.context)}}`;
      await poster.post(
        { url: `${repoPath}/statuses/${sha}`, body: Buffer.from(body), headers },
        signal,
      );
    },
  });
}

/** Gitea's listed statuses; an empty field counts as missing, as Flux has it. */
function listedStatuses(answer: unknown): ListedStatus[] {
  const field = (entry: unknown, key: string) => {
    const value = stringField(entry, key);
    return value === '' ? undefined : value;
  };
  return Array.isArray(answer)
    ? (answer as unknown[]).map((entry) => ({
        context: field(entry, 'context'),
        // Gitea's API calls a status's state `status`.
        state: field(entry, 'status'),
        description: field(entry, 'description'),
      }))
    : [];
}
