import { namespacedName } from '../api/object-meta.js';
import { formatProblem } from '../api/validation/field-problem.js';
import { validateObject, type ManifestObject } from '../api/validation/manifest-validator.js';
import type { DocumentVerdict } from './manifest-loader.js';

/** What local mode makes of one document: the CRD schemas' verdict, keyed `Kind/namespace/name`. */
export function judgeManifest(doc: unknown): DocumentVerdict<ManifestObject> {
  const result = validateObject(doc);
  switch (result.kind) {
    case 'valid':
      return {
        kind: 'object',
        object: result.object,
        id: `${result.object.kind}/${namespacedName(result.object.metadata)}`,
      };
    case 'invalid':
      return {
        kind: 'invalid',
        problems: result.problems.map((problem) => ({
          ...(problem.field === undefined ? {} : { field: problem.field }),
          message: problem.field === undefined ? problem.message : formatProblem(problem),
        })),
      };
    case 'ignored':
      return result;
  }
}
