import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { PROVIDER_REGISTRY } from '../../src/providers/provider-registry.js';

const TABLE_HEADER = '| type | delivers | credentials (Secret `spec.secretRef`) |';

/** The rows of the README's provider table, header and separator left out. */
function readmeRows(): string[] {
  const lines = readFileSync(new URL('../../README.md', import.meta.url), 'utf8').split('\n');
  const header = lines.indexOf(TABLE_HEADER);
  assert.ok(header !== -1, `README has no provider table headed ${TABLE_HEADER}`);
  const end = lines.findIndex((line, index) => index > header && !line.startsWith('|'));
  return lines.slice(header + 2, end === -1 ? undefined : end);
}

test("the README's provider table is the registry's descriptions, in its order", () => {
  const expected = PROVIDER_REGISTRY.map(
    ({ type, readme }) => `| \`${type}\` | ${readme.delivers} | ${readme.credentials} |`,
  );
  assert.deepEqual(
    readmeRows(),
    expected,
    `the README's provider table should read:\n${expected.join('\n')}`,
  );
});
