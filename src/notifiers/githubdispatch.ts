import { encodeFluxEventJson } from './flux-event-json.js';
import { createClosableNotifier } from './closable-notifier.js';
import { NotificationSkipped } from './notification-skipped.js';
import type { Notifier, NotifierDeps, ProviderTarget } from './notifier.js';
import { githubClientOf } from './git/github-client.js';

/**
 * Flux's `githubdispatch` notifier: a `repository_dispatch` event
 * (`POST /repos/{owner}/{repo}/dispatches`) per notification, `event_type`
 * `<Kind>/<name>.<namespace>` and the Flux event itself, as Flux encodes it, as `client_payload`.
 * Commit-status updates are not dispatched (routing already drops them for this type).
 */
export function createGitHubDispatchNotifier(target: ProviderTarget, deps: NotifierDeps): Notifier {
  const github = githubClientOf(target, deps);
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
    await github.poster.post(
      { url: `${github.repoPath}/dispatches`, body, headers: await github.headers(signal) },
      signal,
    );
  });
}
