import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { isJsonObject, type JsonObject } from './json.js';

/** The objects of a (multi-document) YAML file; empty documents and `List` wrappers are unfolded. */
export async function readManifestFile(file: string): Promise<JsonObject[]> {
  const text = await readFile(file, 'utf8');
  const objects: JsonObject[] = [];
  for (const doc of parseAllDocuments(text)) {
    if (doc.errors.length > 0)
      throw new Error(`${file}: ${doc.errors.map((e) => e.message).join('; ')}`);
    const value: unknown = doc.toJS();
    if (!isJsonObject(value)) continue;
    if (
      typeof value.kind === 'string' &&
      value.kind.endsWith('List') &&
      Array.isArray(value.items)
    ) {
      objects.push(...value.items.filter(isJsonObject));
    } else {
      objects.push(value);
    }
  }
  return objects;
}

/** The YAML files of a folder, sorted, as `kubectl apply -f DIR` takes them. */
export async function manifestFilesIn(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  return entries
    .filter((e) => e.isFile() && /\.(ya?ml|json)$/.test(e.name))
    .map((e) => join(dir, e.name))
    .sort();
}
