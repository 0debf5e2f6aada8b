import { readGitRepositoryAddress } from '../notifiers/git/git-address.js';
import { createAzureDevOpsNotifier } from '../notifiers/azuredevops.js';
import type { ProviderDescriptor } from './provider-descriptor.js';

export const AZURE_DEVOPS_PROVIDER: ProviderDescriptor = {
  type: 'azuredevops',
  class: 'git',
  readAddress: readGitRepositoryAddress,
  // Flux falls back on workload identity without a token; Herald has none to fall back on.
  checkCredentials: ({ token }, _secret, named) =>
    (token ?? '') === ''
      ? `Azure DevOps needs a personal access token: no 'token' key in ${named}`
      : undefined,
  // The event message is not sent: a status carries the reason, split into words.
  messageLimit: undefined,
  rateLimits: '429 and 5xx retried, honouring Retry-After; an unchanged status is not sent again',
  readme: {
    delivers:
      'a commit status (`POST {org}/{project}/_apis/git/repositories/{repo}/commits/{sha}/statuses`) per event naming a commit: state `succeeded`/`error`, genre `fluxcd` (`fluxcd:<summary>`), name `<kind>/<name>/<uid>` or `spec.commitStatusExpr`; skipped when the latest status of that name and genre is the same',
    credentials:
      '`address` (`https://dev.azure.com/<org>/<project>/_git/<repo>`); `token` (a personal access token, basic auth)',
  },
  createNotifier: createAzureDevOpsNotifier,
};
