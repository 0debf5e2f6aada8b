import { readFileSync } from 'node:fs';

/**
 * Herald's version: package.json's, read once at start. The file sits two folders up from
 * this module both in the sources (src/config/) and in the build (dist/config/), and the image
 * copies it next to dist/.
 */
export const HERALD_VERSION: string = readVersion();

function readVersion(): string {
  const manifest = JSON.parse(
    readFileSync(new URL('../../package.json', import.meta.url), 'utf8'),
  ) as { version?: unknown };
  return typeof manifest.version === 'string' ? manifest.version : 'unknown';
}
