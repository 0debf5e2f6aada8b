/**
 * The commit a notification is about, from its metadata, or why there is none. Flux's event
 * keys, in the order read: `commit` (the `event.toolkit.fluxcd.io/commit` annotation, for
 * sources whose own revision is no commit, e.g. a HelmRelease's chart), `originRevision` (the
 * Git commit an OCI artifact was built from), `revision`.
 */
export type CommitLookup =
  | { readonly found: true; readonly sha: string }
  | { readonly found: false; readonly reason: string };

const REVISION_KEYS = ['commit', 'originRevision', 'revision'] as const;

/** Flux's test for a commit hash: 40 characters (SHA-1); SHA-256 object names are not taken. */
const SHA1_LENGTH = 40;

export function commitOfMetadata(
  metadata: Readonly<Record<string, string>> | undefined,
): CommitLookup {
  for (const key of REVISION_KEYS) {
    const revision = metadata?.[key];
    if (revision === undefined) continue;
    const sha = commitOfRevision(revision);
    return sha === undefined
      ? {
          found: false,
          reason: `the '${key}' metadata ${JSON.stringify(revision)} names no Git commit`,
        }
      : { found: true, sha };
  }
  return { found: false, reason: 'the event has no revision metadata' };
}

/**
 * The commit hash in any revision form Flux emits: `main@sha1:<sha>`, `sha1:<sha>`, legacy
 * `main/<sha>` and `feature/x/<sha>`, a bare `<sha>`. Tags resolve the same way
 * (`v1.0.0@sha1:<sha>`); an OCI digest (`latest@sha256:<digest>`) or a chart version carries no
 * commit: undefined, as Flux's "failed to extract commit hash".
 */
export function commitOfRevision(revision: string): string | undefined {
  const colon = revision.lastIndexOf(':');
  const hash =
    colon === -1 ? revision.slice(revision.lastIndexOf('/') + 1) : revision.slice(colon + 1);
  return hash.length === SHA1_LENGTH ? hash : undefined;
}
