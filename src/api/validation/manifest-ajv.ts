import { Ajv } from 'ajv';
import formats from 'ajv-formats';

/** Kubernetes' schema extensions: meaningful to the API server, annotations to ajv. */
const KUBERNETES_KEYWORDS = [
  'x-kubernetes-list-type',
  'x-kubernetes-list-map-keys',
  'x-kubernetes-validations',
];

/**
 * The ajv set up as the API server reads CRD schemas: every error reported (not the first),
 * `default` applied to absent fields, formats `date-time` and `int64` checked.
 */
export function createManifestAjv(): Ajv {
  const ajv = new Ajv({ allErrors: true, useDefaults: true, strict: true });
  formats.default(ajv, ['date-time']);
  ajv.addFormat('int64', { type: 'number', validate: Number.isSafeInteger });
  ajv.addVocabulary(KUBERNETES_KEYWORDS);
  return ajv;
}
