import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CRD_DIRECTORY, renderCrdFiles } from '../../src/api/crd-files.js';

const REGENERATE = 'run `npm run generate:crds` and commit crds/';

test('crds/ holds exactly what the schemas in src/api generate', async () => {
  const directory = join(import.meta.dirname, '..', '..', CRD_DIRECTORY);
  const expected = renderCrdFiles();
  const committed = (await readdir(directory)).filter((name) => name.endsWith('.yaml')).sort();
  assert.deepEqual(
    committed,
    [...expected.keys()].sort(),
    `crds/ has other files than generated: ${REGENERATE}`,
  );
  for (const [name, content] of expected) {
    const actual = await readFile(join(directory, name), 'utf8');
    assert.ok(
      actual === content,
      `crds/${name} differs from the schemas in src/api: ${REGENERATE}`,
    );
  }
});
