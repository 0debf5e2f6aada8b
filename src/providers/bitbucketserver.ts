import { createBitbucketServerNotifier } from '../notifiers/bitbucketserver.js';
import type { ProviderDescriptor } from './provider-descriptor.js';

export const BITBUCKET_SERVER_PROVIDER: ProviderDescriptor = {
  type: 'bitbucketserver',
  class: 'git',
  // An http(s) clone URL with `/scm/`: the checks every URL address gets apply.
  checkCredentials: ({ token, username, password }, _secret, named) =>
    (token ?? '') === '' && ((username ?? '') === '' || (password ?? '') === '')
      ? `Bitbucket Server needs a 'token', or a 'username' and 'password', in ${named}`
      : undefined,
  // The event message is not sent: a status carries the reason, split into words.
  messageLimit: undefined,
  rateLimits: '429 and 5xx retried, honouring Retry-After; an unchanged status is not sent again',
  readme: {
    delivers:
      'a build status (`POST <context>/rest/api/latest/projects/{project}/repos/{repo}/commits/{sha}/builds`) per event naming a commit: state `SUCCESSFUL`/`FAILED`, name `<kind>/<name> [<description>]`, key the SHA-1 of `<kind>/<name>/<uid>` or `spec.commitStatusExpr`; skipped when the status under that key is the same',
    credentials:
      '`address` (http(s) clone URL with `/scm/`); `token` (bearer), or `username` + `password` (basic auth)',
  },
  createNotifier: createBitbucketServerNotifier,
};
