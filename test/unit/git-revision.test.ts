import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { commitOfMetadata, commitOfRevision } from '../../src/notifiers/git/git-revision.js';

const SHA = '5394cb7f48332b2de7c17dd8b8384bbc84b7e738';
const ORIGIN = 'e7c17dd8b8384bbc84b7e7385394cb7f48332b2d';

describe('commitOfRevision: every form Flux emits', () => {
  const forms: [string, string | undefined][] = [
    [`main@sha1:${SHA}`, SHA],
    [`feature/branch@sha1:${SHA}`, SHA],
    [`sha1:${SHA}`, SHA],
    [`main/${SHA}`, SHA],
    [`feature/branch/${SHA}`, SHA],
    [`HEAD/${SHA}`, SHA],
    [SHA, SHA],
    [`v1.2.3@sha1:${SHA}`, SHA],
    [`refs/tags/v1.2.3@sha1:${SHA}`, SHA],
    // OCI artifacts and charts: digests and versions, no commit.
    [`latest@sha256:${'a'.repeat(64)}`, undefined],
    [`sha256:${'a'.repeat(64)}`, undefined],
    ['6.5.0', undefined],
    ['v1.2.3', undefined],
    ['main@sha1:', undefined],
    ['', undefined],
  ];
  for (const [revision, sha] of forms) {
    test(JSON.stringify(revision), () => {
      assert.equal(commitOfRevision(revision), sha);
    });
  }
});

describe('commitOfMetadata', () => {
  test('reads commit, then originRevision, then revision', () => {
    assert.deepEqual(
      commitOfMetadata({ revision: `main@sha1:${SHA}`, originRevision: `main@sha1:${ORIGIN}` }),
      { found: true, sha: ORIGIN },
    );
    assert.deepEqual(commitOfMetadata({ revision: '6.5.0', commit: SHA }), {
      found: true,
      sha: SHA,
    });
    assert.deepEqual(commitOfMetadata({ revision: `main/${SHA}` }), { found: true, sha: SHA });
  });

  test('says why when there is no commit', () => {
    assert.deepEqual(commitOfMetadata(undefined), {
      found: false,
      reason: 'the event has no revision metadata',
    });
    assert.deepEqual(commitOfMetadata({ summary: 'x' }), {
      found: false,
      reason: 'the event has no revision metadata',
    });
    const oci = commitOfMetadata({ revision: `latest@sha256:${'b'.repeat(64)}` });
    assert.ok(!oci.found);
    assert.match(oci.reason, /'revision' metadata ".*" names no Git commit/);
  });
});
