import { mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { renderCrdDirectories } from '../src/api/crd-files.js';

/**
 * Writes `crds/` and `config/crd/` from the schemas in `src/api`, removing YAML files of those
 * folders that are no longer made.
 */
async function main(): Promise<void> {
  const root = join(import.meta.dirname, '..');
  for (const [folder, files] of renderCrdDirectories()) {
    const directory = join(root, folder);
    await mkdir(directory, { recursive: true });
    for (const existing of await readdir(directory)) {
      if (existing.endsWith('.yaml') && !files.has(existing)) await rm(join(directory, existing));
    }
    for (const [name, content] of files) {
      await writeFile(join(directory, name), content);
      console.log(`Wrote ${join(folder, name)}`);
    }
  }
}

await main();
