import type { Notifier, NotifierDeps, ProviderTarget } from './notifier.js';
import { commitStatusDescription } from './git/commit-status-description.js';
import {
  createCommitStatusNotifier,
  type CommitStatusUpdate,
} from './git/commit-status-notifier.js';
import { pathOf } from './git/git-target.js';
import { githubClientOf } from './git/github-client.js';
import { parseJsonAnswer, stringField } from './git/json-answer.js';
import { isLatestStatus, type ListedStatus } from './git/latest-status.js';

/** Flux lists one page of 50 statuses to find a duplicate. */
const STATUS_PAGE_SIZE = 50;

/** Flux's states: info → success, error → failure. */
function githubState(update: CommitStatusUpdate): string {
  return update.severity === 'info' ? 'success' : 'failure';
}

/**
 * Flux's `github` notifier: a commit status per event (`POST /repos/{owner}/{repo}/statuses/{sha}`),
 * unless the latest status with the same context already has the same state and description.
 */
export function createGitHubNotifier(target: ProviderTarget, deps: NotifierDeps): Notifier {
  const { poster, repoPath, headers: headersFor } = githubClientOf(target, deps);
  return createCommitStatusNotifier(target, {
    skipsProgressing: true,
    async set(update, signal) {
      const headers = await headersFor(signal);
      const status = {
        state: githubState(update),
        description: commitStatusDescription(update.event),
        context: update.id,
      };
      const listed = await poster.post(
        {
          method: 'GET',
          url: `${repoPath}/commits/${pathOf(update.sha)}/statuses?per_page=${STATUS_PAGE_SIZE}`,
          body: Buffer.alloc(0),
          headers,
        },
        signal,
      );
      if (isLatestStatus(listedStatuses(parseJsonAnswer(listed.body)), status)) return;
      await poster.post(
        {
          url: `${repoPath}/statuses/${pathOf(update.sha)}`,
          body: Buffer.from(`${JSON.stringify(status)}\n`),
          headers,
        },
        signal,
      );
    },
  });
}

/** GitHub's listed statuses, for the duplicate check. */
function listedStatuses(answer: unknown): ListedStatus[] {
  return Array.isArray(answer)
    ? (answer as unknown[]).map((entry) => ({
        context: stringField(entry, 'context'),
        state: stringField(entry, 'state'),
        description: stringField(entry, 'description'),
      }))
    : [];
}
