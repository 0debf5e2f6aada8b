import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { parseGitAddress, pathSegments } from '../../src/notifiers/git/git-address.js';

describe('parseGitAddress', () => {
  const cases: [string, string, string][] = [
    ['https://github.com/org/repo', 'https://github.com', 'org/repo'],
    ['https://github.com/org/repo.git', 'https://github.com', 'org/repo'],
    ['http://gitea.local:3000/org/repo', 'http://gitea.local:3000', 'org/repo'],
    ['https://gitlab.com/group/sub/deeper/repo.git', 'https://gitlab.com', 'group/sub/deeper/repo'],
    ['ssh://git@github.com/org/repo.git', 'https://github.com', 'org/repo'],
    ['ssh://git@git.example.com:2222/org/repo', 'https://git.example.com:2222', 'org/repo'],
    ['git+ssh://git@github.com/org/repo', 'https://github.com', 'org/repo'],
    ['git@github.com:org/repo.git', 'https://github.com', 'org/repo'],
    ['gitlab.com:group/sub/repo', 'https://gitlab.com', 'group/sub/repo'],
    ['https://user:secret@ghe.example.com/org/repo', 'https://ghe.example.com', 'org/repo'],
    [
      'https://dev.azure.com/org/project/_git/repo',
      'https://dev.azure.com',
      'org/project/_git/repo',
    ],
    [
      'https://bitbucket.example.com/context/scm/PROJ/repo.git',
      'https://bitbucket.example.com',
      'context/scm/PROJ/repo',
    ],
  ];
  for (const [address, origin, repositoryPath] of cases) {
    test(address, () => {
      assert.deepEqual(parseGitAddress(address), { origin, repositoryPath });
    });
  }

  test('keeps what Flux keeps: a trailing slash stays in the path', () => {
    assert.equal(parseGitAddress('https://github.com/org/repo/')?.repositoryPath, 'org/repo/');
  });

  for (const address of ['git://github.com/org/repo', 'file:///srv/repo', 'not an address', '']) {
    test(`refuses ${JSON.stringify(address)}`, () => {
      assert.equal(parseGitAddress(address), undefined);
    });
  }
});

describe('pathSegments', () => {
  test('exactly the count, none empty', () => {
    assert.deepEqual(pathSegments('org/repo', 2), ['org', 'repo']);
    assert.equal(pathSegments('org/repo/', 2), undefined);
    assert.equal(pathSegments('org/', 2), undefined);
    assert.equal(pathSegments('a/b/c', 2), undefined);
  });
});
