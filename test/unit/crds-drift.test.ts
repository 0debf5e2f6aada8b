import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { renderCrdDirectories } from '../../src/api/crd-files.js';

const ROOT = join(import.meta.dirname, '..', '..');

for (const [folder, expected] of renderCrdDirectories()) {
  const regenerate = `run \`npm run generate:crds\` and commit ${folder}/`;

  test(`${folder}/ holds exactly what the schemas in src/api generate`, async () => {
    const directory = join(ROOT, folder);
    const committed = (await readdir(directory)).filter((name) => name.endsWith('.yaml')).sort();
    assert.deepEqual(
      committed,
      [...expected.keys()].sort(),
      `${folder}/ has other files than generated: ${regenerate}`,
    );
    for (const [name, content] of expected) {
      const actual = await readFile(join(directory, name), 'utf8');
      assert.ok(
        actual === content,
        `${folder}/${name} differs from the schemas in src/api: ${regenerate}`,
      );
    }
  });
}
