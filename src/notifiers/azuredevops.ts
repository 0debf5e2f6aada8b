import { goJsonString } from './go-json-string.js';
import type { Notifier, NotifierDeps, ProviderTarget } from './notifier.js';
import { configError } from './target-validation.js';
import { commitStatusDescription } from './git/commit-status-description.js';
import { createCommitStatusNotifier } from './git/commit-status-notifier.js';
import { createGitPoster, gitRepositoryOf, pathOf } from './git/git-target.js';
import { parseJsonAnswer, stringField } from './git/json-answer.js';
import { isLatestStatus, type ListedStatus } from './git/latest-status.js';

/** The API version Flux's client (azure-devops-go-api v6) asks for, in its Accept header. */
const API_VERSION = '6.0-preview.1';
/** Flux's status genre; an Alert summary is appended (`fluxcd:<summary>`). */
const GENRE = 'fluxcd';

/**
 * Flux's `azuredevops` notifier: a commit status per event
 * (`POST {org}/{project}/_apis/git/repositories/{repo}/commits/{sha}/statuses`), unless the
 * first listed status with the same name and genre has the same state and description. A
 * personal access token, as basic auth with an empty user; Flux's workload identity (no token)
 * is not available in Herald.
 */
export function createAzureDevOpsNotifier(target: ProviderTarget, deps: NotifierDeps): Notifier {
  const repository = gitRepositoryOf(
    target,
    'https://dev.azure.com/<org>/<project>/_git/<repo>',
    4,
  );
  const [org = '', project = '', , repo = ''] = repository.segments;
  const token = target.token ?? '';
  if (token === '') {
    throw configError(
      target,
      'HERALD_PROVIDER_MISSING_TOKEN',
      'azure devops token cannot be empty',
    );
  }
  const orgUrl = `${repository.origin}/${pathOf(org)}`;
  const poster = createGitPoster(target, deps, orgUrl);
  const headers = {
    Accept: `application/json;api-version=${API_VERSION}`,
    Authorization: `Basic ${Buffer.from(`:${token}`).toString('base64')}`,
  };
  const repoPath = `${orgUrl}/${pathOf(project)}/_apis/git/repositories/${pathOf(repo)}`;
  return createCommitStatusNotifier(target, {
    skipsProgressing: true,
    async set(update, signal) {
      const summary = update.event.metadata?.['summary'];
      const status = {
        genre: summary === undefined ? GENRE : `${GENRE}:${summary}`,
        name: update.id,
        state: update.severity === 'info' ? 'succeeded' : 'error',
        description: commitStatusDescription(update.event),
      };
      const url = `${repoPath}/commits/${pathOf(update.sha)}/statuses`;
      const listed = await poster.post(
        { method: 'GET', url, body: Buffer.alloc(0), headers },
        signal,
      );
      const wanted = { ...status, context: contextKey(status.genre, status.name) };
      if (isLatestStatus(listedStatuses(parseJsonAnswer(listed.body)), wanted)) return;
      // The client's GitStatus, in its field order, through json.Marshal.
      const body =
        `{"context":{"genre":${goJsonString(status.genre)},"name":${goJsonString(status.name)}},` +
        `"description":${goJsonString(status.description)},"state":${goJsonString(status.state)}}`;
      await poster.post({ url, body: Buffer.from(body), headers }, signal);
    },
  });
}

/** Azure DevOps' listed statuses (`value`), told apart by genre and name together. */
function listedStatuses(answer: unknown): ListedStatus[] {
  const value: unknown =
    typeof answer === 'object' && answer !== null
      ? (answer as { value?: unknown }).value
      : undefined;
  if (!Array.isArray(value)) return [];
  return (value as unknown[]).map((entry) => {
    const context: unknown =
      typeof entry === 'object' && entry !== null
        ? (entry as { context?: unknown }).context
        : undefined;
    const genre = stringField(context, 'genre');
    const name = stringField(context, 'name');
    return {
      context: genre === undefined || name === undefined ? undefined : contextKey(genre, name),
      state: stringField(entry, 'state'),
      description: stringField(entry, 'description'),
    };
  });
}

function contextKey(genre: string, name: string): string {
  return JSON.stringify([genre, name]);
}
