import { test } from 'node:test';
import assert from 'node:assert/strict';
import { splitCamelCase } from '../../src/notifiers/split-camel-case.js';

test('splits a reason into words as Flux does for PagerDuty summaries', () => {
  const cases: [string, string[]][] = [
    ['', []],
    ['lowercase', ['lowercase']],
    ['ReconciliationSucceeded', ['Reconciliation', 'Succeeded']],
    ['PDFLoader', ['PDF', 'Loader']],
    ['GL11Version', ['GL', '11', 'Version']],
    ['AbCd', ['Ab', 'Cd']],
    ['BöseÜberraschung', ['Böse', 'Überraschung']],
    ['dependency-not-ready', ['dependency', '-', 'not', '-', 'ready']],
    ['Two  spaces', ['Two', '  ', 'spaces']],
  ];
  for (const [input, expected] of cases) assert.deepEqual(splitCamelCase(input), expected, input);
});
