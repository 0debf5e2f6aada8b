/** A status as a host lists it, each field undefined when the host left it out. */
export interface ListedStatus {
  /** What tells statuses apart: GitHub's and Gitea's context, Azure DevOps' genre and name. */
  readonly context: string | undefined;
  readonly state: string | undefined;
  readonly description: string | undefined;
}

/**
 * Flux's duplicate check for hosts that list a commit's statuses newest first (GitHub, Gitea,
 * Azure DevOps): statuses missing a field are passed over; the first with the same context
 * decides, a duplicate when its state and description are the same too.
 */
export function isLatestStatus(
  listed: readonly ListedStatus[],
  wanted: { readonly context: string; readonly state: string; readonly description: string },
): boolean {
  for (const { context, state, description } of listed) {
    if (context === undefined || state === undefined || description === undefined) continue;
    if (context === wanted.context) {
      return state === wanted.state && description === wanted.description;
    }
  }
  return false;
}
