import { test } from 'node:test';
import assert from 'node:assert/strict';
import { goTitleCase } from '../../src/notifiers/go-title-case.js';

test("title-cases as Go's x/text cases.Title: first letter up, the rest of the word down", () => {
  const cases: [string, string][] = [
    ['reason', 'Reason'],
    ['ReconciliationSucceeded', 'Reconciliationsucceeded'],
    ['HEALTH_CHECK', 'Health_check'], // `_` joins words
    ['health check failed', 'Health Check Failed'],
    ['dependency-not-ready', 'Dependency-Not-Ready'],
    ['v2beta1Upgrade', 'V2beta1upgrade'], // digits stay inside the word
    ["don't STOP", "Don't Stop"], // one mark inside a word keeps it going
    ['a..b', 'A..B'], // two in a row end it
    ['élan ÉTÉ', 'Élan Été'],
    ['', ''],
  ];
  for (const [input, expected] of cases) assert.equal(goTitleCase(input), expected, input);
});
