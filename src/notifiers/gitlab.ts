import { goJsonString } from './go-json-string.js';
import type { Notifier, NotifierDeps, ProviderTarget } from './notifier.js';
import { commitStatusDescription } from './git/commit-status-description.js';
import { createCommitStatusNotifier } from './git/commit-status-notifier.js';
import { gitlabClientOf } from './git/gitlab-client.js';
import { parseJsonAnswer, stringField } from './git/json-answer.js';

/**
 * Flux's `gitlab` notifier: a commit status per event (`POST /projects/{id}/statuses/{sha}`,
 * the project by its URL-encoded path, subgroups and all), unless GitLab already lists one with
 * the same name, state and description for the commit.
 */
export function createGitLabNotifier(target: ProviderTarget, deps: NotifierDeps): Notifier {
  const { poster, projectPath: project, headers } = gitlabClientOf(target, deps);
  return createCommitStatusNotifier(target, {
    skipsProgressing: true,
    async set(update, signal) {
      const status = {
        sha: update.sha,
        status: update.severity === 'info' ? 'success' : 'failed',
        name: update.id,
        description: commitStatusDescription(update.event),
      };
      const sha = encodeURIComponent(update.sha);
      const listed = await poster.post(
        {
          method: 'GET',
          url: `${project}/repository/commits/${sha}/statuses?name=${encodeURIComponent(status.name)}`,
          body: Buffer.alloc(0),
          headers,
        },
        signal,
      );
      if (isDuplicate(parseJsonAnswer(listed.body), status)) return;
      // client-go's SetCommitStatusOptions, in its field order, through json.Marshal.
      const body =
        `{"state":${goJsonString(status.status)},"name":${goJsonString(status.name)},` +
        `"description":${goJsonString(status.description)}}`;
      await poster.post(
        { url: `${project}/statuses/${sha}`, body: Buffer.from(body), headers },
        signal,
      );
    },
  });
}

/** Flux's check: any listed status for the commit with the same status, description and name. */
function isDuplicate(
  listed: unknown,
  status: { sha: string; status: string; name: string; description: string },
): boolean {
  if (!Array.isArray(listed)) return false;
  return (listed as unknown[]).some(
    (entry) =>
      stringField(entry, 'sha') === status.sha &&
      stringField(entry, 'status') === status.status &&
      stringField(entry, 'description') === status.description &&
      stringField(entry, 'name') === status.name,
  );
}
