import type { Secret } from '../secret.js';
import { dottedPath, toPointer } from './field-path.js';
import type { FieldProblem } from './field-problem.js';

/** Standard base64 with padding, as Go's encoding/json decodes `[]byte`. */
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** Go's decoder skips line breaks, so a value folded over lines in YAML still decodes. */
const LINE_BREAKS = /[\r\n]/g;

export type NormalizedSecret =
  { ok: true; secret: Secret } | { ok: false; problems: FieldProblem[] };

/**
 * What the API server stores for a Secret as written: `data` checked as base64, `stringData`
 * merged over it (a key in both takes the `stringData` value), and `stringData` dropped.
 */
export function normalizeSecret(secret: Secret): NormalizedSecret {
  const problems: FieldProblem[] = [];
  // A Map, not an object literal: `__proto__` is a valid Secret key.
  const merged = new Map<string, string>();
  for (const [key, value] of Object.entries(secret.data ?? {})) {
    const compact = value.replace(LINE_BREAKS, '');
    if (BASE64.test(compact)) merged.set(key, compact);
    else
      problems.push({
        field: dottedPath(secret, ['data', key]),
        pointer: toPointer(['data', key]),
        message: 'is not valid base64 (use stringData for plain text)',
      });
  }
  if (problems.length > 0) return { ok: false, problems };
  for (const [key, value] of Object.entries(secret.stringData ?? {})) {
    merged.set(key, Buffer.from(value, 'utf8').toString('base64'));
  }
  const stored: Secret = { ...secret };
  delete stored.stringData;
  delete stored.data;
  if (merged.size > 0) stored.data = Object.fromEntries(merged);
  return { ok: true, secret: stored };
}
