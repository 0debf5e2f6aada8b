import { stringify } from 'yaml';
import { customResourceDefinitions } from './crd-definitions.js';

/** The folder, relative to the repository root, that holds the generated CRDs. */
export const CRD_DIRECTORY = 'crds';

/**
 * kustomize refuses files outside a kustomization's folder (its load restrictor), and `crds/`
 * must stay plain manifests for `kubectl apply -f crds/`; so `config/crd` holds its own copies.
 */
export const KUSTOMIZE_CRD_DIRECTORY = 'config/crd';

const GENERATED = '# Generated from src/api by `npm run generate:crds`. Do not edit.\n';
const HEADER = `${GENERATED}---\n`;

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

/** `config/crd`: the same CRD files, and a kustomization that lists every one of them. */
export function renderKustomizeCrdFiles(): Map<string, string> {
  const files = renderCrdFiles();
  const kustomization = {
    apiVersion: 'kustomize.config.k8s.io/v1beta1',
    kind: 'Kustomization',
    resources: [...files.keys()],
  };
  files.set('kustomization.yaml', GENERATED + stringify(kustomization));
  return files;
}

/** Every folder of generated CRD files, relative to the repository root, with its files. */
export function renderCrdDirectories(): Map<string, Map<string, string>> {
  return new Map([
    [CRD_DIRECTORY, renderCrdFiles()],
    [KUSTOMIZE_CRD_DIRECTORY, renderKustomizeCrdFiles()],
  ]);
}
