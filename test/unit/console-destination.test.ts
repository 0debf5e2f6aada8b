import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatConsoleLine } from '../../src/logging/console-destination.js';

test('console lines read time, level and message first, then the fields', () => {
  const line = JSON.stringify({
    level: 'info',
    ts: '2024-05-01T12:00:00.000Z',
    msg: 'Alert is ready',
    Alert: { name: 'on-call', namespace: 'apps' },
    namespace: 'apps',
    name: 'on-call',
    reason: 'Succeeded',
    note: 'two words',
  });
  assert.equal(
    formatConsoleLine(line),
    '2024-05-01T12:00:00.000Z INFO  Alert is ready Alert={"name":"on-call","namespace":"apps"} namespace=apps name=on-call reason=Succeeded note="two words"\n',
  );
  assert.equal(formatConsoleLine('not json'), 'not json');
});
