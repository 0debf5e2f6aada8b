import { mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CRD_DIRECTORY, renderCrdFiles } from '../src/api/crd-files.js';

/** Writes `crds/` from the schemas in `src/api`, removing CRD files that are no longer made. */
async function main(): Promise<void> {
  const root = join(import.meta.dirname, '..');
  const directory = join(root, CRD_DIRECTORY);
  await mkdir(directory, { recursive: true });
  const files = renderCrdFiles();
  for (const existing of await readdir(directory)) {
    if (existing.endsWith('.yaml') && !files.has(existing)) await rm(join(directory, existing));
  }
  for (const [name, content] of files) {
    await writeFile(join(directory, name), content);
    console.log(`Wrote ${join(CRD_DIRECTORY, name)}`);
  }
}

await main();
