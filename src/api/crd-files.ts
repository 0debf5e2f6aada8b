import { stringify } from 'yaml';
import { customResourceDefinitions } from './crd-definitions.js';

/** The folder, relative to the repository root, that holds the generated CRDs. */
export const CRD_DIRECTORY = 'crds';

const HEADER = '# Generated from src/api by `npm run generate:crds`. Do not edit.\n---\n';

/**
 * The content of every file of `crds/`, by file name (`<group>_<plural>.yaml`, as Flux names
 * them). Deterministic, so that a test can compare it with what is committed.
 */
export function renderCrdFiles(): Map<string, string> {
  const files = new Map<string, string>();
  for (const crd of customResourceDefinitions()) {
    const fileName = `${crd.spec.group}_${crd.spec.names.plural}.yaml`;
    files.set(fileName, HEADER + stringify(crd, { lineWidth: 0 }));
  }
  return files;
}
