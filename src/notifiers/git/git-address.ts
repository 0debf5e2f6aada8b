import type { AddressReader } from '../../providers/provider-descriptor.js';
/**
 * A Git repository address as Flux's notifiers read it (`parseGitAddress` over whilp/git-urls):
 * the host to call, with `ssh` turned into `https`, and the repository path without its leading
 * slash and `.git` suffix.
 */
export interface GitAddress {
  /** `https://host[:port]` (or `http://` when the address said so). */
  readonly origin: string;
  /** e.g. `org/repo`, `group/subgroup/repo`, `org/project/_git/repo`. */
  readonly repositoryPath: string;
}

/** `[user@]host:path`, scp's form, which git takes for ssh; a `//` after the colon is a URL. */
const SCP_LIKE = /^(?:[^@/\s]+@)?([^:/\s]+):(?!\/\/)(.+)$/;
const URL_SCHEME = /^[a-z][a-z0-9+.-]*:\/\//i;
const API_SCHEMES: ReadonlyMap<string, string> = new Map([
  ['https:', 'https'],
  ['http:', 'http'],
  ['ssh:', 'https'],
  ['git+ssh:', 'https'],
]);

/**
 * Reads a Provider address in any form Git takes it (`https://github.com/org/repo.git`,
 * `ssh://git@host:2222/org/repo`, `git@github.com:org/repo.git`). Undefined when it is none of
 * them, or a scheme no API is served over (`git://`, `file://`).
 */
export function parseGitAddress(address: string): GitAddress | undefined {
  const trimmed = address.trim();
  if (!URL_SCHEME.test(trimmed)) {
    const scp = SCP_LIKE.exec(trimmed);
    if (scp === null) return undefined;
    const [, host = '', path = ''] = scp;
    return { origin: `https://${host}`, repositoryPath: repositoryPathOf(path) };
  }
  let url: URL;
  try {
    url = new URL(trimmed);
  } catch {
    return undefined;
  }
  const scheme = API_SCHEMES.get(url.protocol);
  if (scheme === undefined || url.hostname === '') return undefined;
  return {
    origin: `${scheme}://${url.host}`,
    repositoryPath: repositoryPathOf(decodeURIComponent(url.pathname)),
  };
}

/** As Flux: leading slashes off, one `.git` suffix off; nothing else is normalised. */
function repositoryPathOf(path: string): string {
  const withoutSlashes = path.replace(/^\/+/, '');
  return withoutSlashes.endsWith('.git') ? withoutSlashes.slice(0, -'.git'.length) : withoutSlashes;
}

/** The path's segments when there are exactly `count` non-empty ones, else undefined. */
export function pathSegments(path: string, count: number): string[] | undefined {
  const segments = path.split('/');
  return segments.length === count && segments.every((segment) => segment !== '')
    ? segments
    : undefined;
}

/** A git type's address as readiness reads it: a repository URL (https or ssh) and its host. */
export const readGitRepositoryAddress: AddressReader = (address) => {
  const parsed = parseGitAddress(address);
  return parsed === undefined
    ? { invalid: 'is not a Git repository URL (https or ssh)' }
    : { hosts: [new URL(parsed.origin).hostname] };
};
