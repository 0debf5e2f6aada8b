import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { FLAGS } from '../../src/config/flags.js';

const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');

/** The cells of the flag's row in the README's Flags table: flag, default, meaning, Flux. */
function rowOf(name: string): string[] | undefined {
  const row = readme.split('\n').find((line) => line.startsWith(`| \`--${name}\` |`));
  return row?.split(' | ').map((cell) => cell.replace(/^\| |\s*\|$/g, '').trim());
}

test('the README documents every flag with its default', () => {
  for (const flag of FLAGS) {
    const row = rowOf(flag.name);
    assert.ok(row !== undefined, `README has no row for --${flag.name}`);
    if (flag.default !== undefined && flag.default !== '') {
      assert.equal(row[1], `\`${flag.default}\``, `README row of --${flag.name}: its default`);
    }
  }
});

test("the README's Flux column says how each flag compares with Flux's, as the code does", () => {
  for (const flag of FLAGS) {
    const flux = rowOf(flag.name)?.[3] ?? '';
    assert.ok(
      flux === flag.flux || flux.startsWith(`${flag.flux}: `) || flux.startsWith(`${flag.flux} (`),
      `README row of --${flag.name} says "${flux}" in the Flux column, not "${flag.flux}"`,
    );
    if (flag.flux === 'implemented differently' || flag.flux === 'accepted and ignored')
      assert.notEqual(flux, flag.flux, `--${flag.name}: the Flux column says how, or why`);
  }
});

test('the README mentions --version', () => {
  assert.match(readme, /`--version` prints Herald's version/);
});
