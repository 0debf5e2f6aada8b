import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as k8s from '@kubernetes/client-node';

/** One field of a client-node model, as its generated `attributeTypeMap` lists it. */
interface Attribute {
  baseName: string;
  type: string;
  format: string;
}

/** The client-node model of each `apiVersion kind` that Herald's manifests contain. */
const MODELS: Readonly<Record<string, string>> = {
  'v1 ServiceAccount': 'V1ServiceAccount',
  'v1 Service': 'V1Service',
  'v1 Secret': 'V1Secret',
  'apps/v1 Deployment': 'V1Deployment',
  'rbac.authorization.k8s.io/v1 ClusterRole': 'V1ClusterRole',
  'rbac.authorization.k8s.io/v1 ClusterRoleBinding': 'V1ClusterRoleBinding',
  'rbac.authorization.k8s.io/v1 Role': 'V1Role',
  'rbac.authorization.k8s.io/v1 RoleBinding': 'V1RoleBinding',
  'apiextensions.k8s.io/v1 CustomResourceDefinition': 'V1CustomResourceDefinition',
};

const ARRAY = /^Array<(.+)>$/;
const MAP = /^\{ \[key: string\]: (.+); \}$/;

function attributesOf(model: string): readonly Attribute[] | undefined {
  const candidate = (k8s as Record<string, unknown>)[model];
  if (typeof candidate !== 'function' || !('getAttributeTypeMap' in candidate)) return undefined;
  const attributes: unknown = (candidate.getAttributeTypeMap as () => unknown)();
  return Array.isArray(attributes) ? (attributes as Attribute[]) : undefined;
}

/** client-node's generated models, whose declarations mark optional fields with `?`. */
const MODELS_FOLDER = new URL('gen/models/', import.meta.resolve('@kubernetes/client-node'));
const REQUIRED_FIELD = /^\s+'([^']+)': /gm;

function requiredOf(model: string): string[] {
  const declaration = readFileSync(fileURLToPath(new URL(`${model}.d.ts`, MODELS_FOLDER)), 'utf8');
  return [...declaration.matchAll(REQUIRED_FIELD)].map((match) => match[1] ?? '');
}

function isMapping(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function check(value: unknown, type: string, format: string, path: string, out: string[]): void {
  // The API server reads null as "not set"; kustomize writes some (creationTimestamp: null).
  if (value === null || type === 'any' || type === 'object') return;
  const wrong = (expected: string) => out.push(`${path}: must be ${expected}`);
  switch (type) {
    case 'string':
    case 'Date':
      if (typeof value !== 'string') wrong('a string');
      return;
    case 'boolean':
      if (typeof value !== 'boolean') wrong('a boolean');
      return;
    case 'number':
      if (typeof value !== 'number') wrong('a number');
      else if (format.startsWith('int') && !Number.isInteger(value)) wrong('an integer');
      return;
    case 'IntOrString':
      if (typeof value !== 'string' && !Number.isInteger(value)) wrong('an integer or a string');
      return;
  }
  const item = ARRAY.exec(type)?.[1];
  const entry = MAP.exec(type)?.[1];
  if (item !== undefined) {
    if (Array.isArray(value)) {
      value.forEach((element, index) => {
        check(element, item, '', `${path}[${index}]`, out);
      });
    } else wrong('a list');
  } else if (entry !== undefined) {
    if (isMapping(value)) {
      for (const [key, element] of Object.entries(value)) {
        check(element, entry, '', `${path}.${key}`, out);
      }
    } else wrong('a mapping');
  } else if (isMapping(value)) checkModel(value, type, path, out);
  else wrong('a mapping');
}

function checkModel(value: Record<string, unknown>, model: string, path: string, out: string[]) {
  const attributes = attributesOf(model);
  if (attributes === undefined) {
    out.push(`${path}: no client-node model ${model}`);
    return;
  }
  for (const field of requiredOf(model)) {
    if (value[field] === undefined)
      out.push(`${path === '' ? field : `${path}.${field}`}: is required`);
  }
  for (const [key, field] of Object.entries(value)) {
    const attribute = attributes.find((candidate) => candidate.baseName === key);
    const where = path === '' ? key : `${path}.${key}`;
    if (attribute === undefined) out.push(`${where}: unknown field`);
    else check(field, attribute.type, attribute.format, where, out);
  }
}

/**
 * Checks a manifest offline against the Kubernetes API types, as `kubectl apply` with strict
 * field validation would: required fields present, every field known to its type (a misspelt
 * field is refused, where the OpenAPI JSON schemas let it through), every value of its type. The types are those
 * that client-node generates from the Kubernetes OpenAPI document: field names and types from
 * each model's attribute map, required fields from its declaration (no `?`).
 */
export function kubeModelProblems(doc: unknown): string[] {
  if (!isMapping(doc)) return ['must be a mapping (an object)'];
  const { apiVersion, kind } = doc;
  const model = MODELS[`${String(apiVersion)} ${String(kind)}`];
  if (model === undefined) return [`no offline model for ${String(apiVersion)} ${String(kind)}`];
  const problems: string[] = [];
  checkModel(doc, model, '', problems);
  return problems;
}
