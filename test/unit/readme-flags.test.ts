import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { FLAGS } from '../../src/config/flags.js';

test('the README documents every flag with its default', () => {
  const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
  for (const flag of FLAGS) {
    const row = readme.split('\n').find((line) => line.startsWith(`| \`--${flag.name}\` |`));
    assert.ok(row !== undefined, `README has no row for --${flag.name}`);
    if (flag.default !== undefined && flag.default !== '') {
      assert.ok(
        row.includes(`\`${flag.default}\``),
        `README row of --${flag.name} lacks its default ${flag.default}`,
      );
    }
  }
});
