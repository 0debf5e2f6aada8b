import type { Notifier, NotifierDeps, ProviderTarget } from './notifier.js';
import { encodeOpsgenieAlert } from './opsgenie-payload.js';
import { createPostingNotifier } from './posting-notifier.js';
import { requiredSetting } from './target-validation.js';

/** Creates an Opsgenie alert per event at the address (`https://api.opsgenie.com/v2/alerts`). */
export function createOpsgenieNotifier(target: ProviderTarget, deps: NotifierDeps): Notifier {
  // As Flux: an API key is the one thing Opsgenie cannot do without.
  const apiKey = requiredSetting(
    target,
    'token',
    "Opsgenie needs an API key: the 'token' key of the Secret",
  );
  return createPostingNotifier(target, deps, {
    encode: encodeOpsgenieAlert,
    headers: { Authorization: `GenieKey ${apiKey}` },
  });
}
