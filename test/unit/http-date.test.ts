import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHttpDateFormatter } from '../../src/server/http-date.js';

test('formats epoch milliseconds as an HTTP date, the same within a second', () => {
  const httpDate = createHttpDateFormatter();
  assert.equal(httpDate(Date.UTC(2022, 9, 28, 7, 26, 19)), 'Fri, 28 Oct 2022 07:26:19 GMT');
  assert.equal(httpDate(Date.UTC(2022, 9, 28, 7, 26, 19, 999)), 'Fri, 28 Oct 2022 07:26:19 GMT');
  assert.equal(httpDate(Date.UTC(2022, 9, 28, 7, 26, 20)), 'Fri, 28 Oct 2022 07:26:20 GMT');
  // Going back in time is a new second too, not a stale answer.
  assert.equal(httpDate(Date.UTC(2022, 9, 28, 7, 26, 19, 5)), 'Fri, 28 Oct 2022 07:26:19 GMT');
});
