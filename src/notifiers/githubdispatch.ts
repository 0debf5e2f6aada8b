import { encodeFluxEventJson } from './flux-event-json.js';
import { createClosableNotifier } from './closable-notifier.js';
import { GITHUB_HEADERS, githubApiBase, githubTokenSource } from './github.js';
import { NotificationSkipped } from './notification-skipped.js';
import type { Notifier, NotifierDeps, ProviderTarget } from './notifier.js';
import { createGitPoster, gitRepositoryOf, pathOf } from './git/git-target.js';

/**
 * Flux's `githubdispatch` notifier: a `repository_dispatch` event
 * (`POST /repos/{owner}/{repo}/dispatches`) per notification, `event_type`
 * `<Kind>/<name>.<namespace>` and the Flux event itself, as Flux encodes it, as `client_payload`.
 * Commit-status updates are not dispatched (routing already drops them for this type).
 */
export function createGitHubDispatchNotifier(target: ProviderTarget, deps: NotifierDeps): Notifier {
  const repository = gitRepositoryOf(target, 'https://<host>/<owner>/<repo>', 2);
  const [owner = '', repo = ''] = repository.segments;
  const apiBase = githubApiBase(repository);
  const poster = createGitPoster(target, deps, apiBase);
  const tokens = githubTokenSource(target, poster, deps);
  const notifierName = `Provider ${target.namespace}/${target.name} (${target.type})`;
  return createClosableNotifier(notifierName, async (event, signal) => {
    if (event.metadata?.['commit_status'] === 'update') {
      throw new NotificationSkipped(notifierName, 'a commit-status update is not dispatched');
    }
    const { kind, name, namespace } = event.involvedObject;
    const eventType = JSON.stringify(`${kind}/${name}.${namespace}`);
    // go-github's DispatchRequestOptions through its encoder: HTML left unescaped in
    // `event_type`, the payload's bytes as json.Marshal wrote them, a closing newline.
    const body = Buffer.concat([
      Buffer.from(`{"event_type":${eventType},"client_payload":`),
      encodeFluxEventJson(event),
      Buffer.from('}\n'),
    ]);
    const headers = { ...GITHUB_HEADERS, Authorization: `Bearer ${await tokens.token(signal)}` };
    await poster.post(
      { url: `${apiBase}/repos/${pathOf(owner, repo)}/dispatches`, body, headers },
      signal,
    );
  });
}
