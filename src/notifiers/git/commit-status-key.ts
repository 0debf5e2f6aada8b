import { createHash } from 'node:crypto';

/** Bitbucket keys hold at most 40 characters: Flux sends the SHA-1 of the status id instead. */
export function bitbucketStatusKey(statusId: string): string {
  return createHash('sha1').update(statusId).digest('hex');
}
