import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';

/** Something wrong with one document of one file; the other documents still load. */
export interface ManifestProblem {
  file: string;
  /** 1-based position of the document in its file. */
  document: number;
  /** Dotted path of the offending field, when one is to blame. */
  field?: string;
  message: string;
}

/** What the validator makes of one parsed document. */
export type DocumentVerdict<T> =
  | { kind: 'object'; object: T; id: string }
  | { kind: 'invalid'; problems: { field?: string; message: string }[] }
  | { kind: 'ignored'; why: string };

export interface LoadedManifests<T> {
  objects: T[];
  /** The file each of `objects` came from, by position. */
  origins: string[];
  /** The id (`Kind/namespace/name`) of each of `objects`, by position. */
  ids: string[];
  problems: ManifestProblem[];
  /** Documents of kinds local mode does not use (e.g. a Namespace), with why. */
  ignored: { file: string; document: number; why: string }[];
  files: string[];
}

const MANIFEST_FILE = /\.ya?ml$/i;

/**
 * Reads every YAML file of a folder (not its subfolders, as `kubectl apply -f DIR`), splits the
 * documents, and asks `judge` what each one is. A bad document is reported with its file and
 * field and does not stop the others; a second object with the same id is refused.
 */
export async function loadManifests<T>(
  dir: string,
  judge: (doc: unknown) => DocumentVerdict<T>,
): Promise<LoadedManifests<T>> {
  const entries = await readdir(dir, { withFileTypes: true });
  const files = entries
    .filter((entry) => entry.isFile() && MANIFEST_FILE.test(entry.name))
    .map((entry) => join(dir, entry.name))
    .sort();
  const result: LoadedManifests<T> = {
    objects: [],
    origins: [],
    ids: [],
    problems: [],
    ignored: [],
    files,
  };
  const seen = new Map<string, string>();
  for (const file of files) {
    const text = await readFile(file, 'utf8');
    parseAllDocuments(text).forEach((parsed, index) => {
      const document = index + 1;
      const [syntaxError] = parsed.errors;
      if (syntaxError !== undefined) {
        const line = syntaxError.linePos?.[0].line;
        result.problems.push({
          file,
          document,
          message: `YAML ${line === undefined ? '' : `line ${line}: `}${syntaxError.message.split('\n')[0] ?? ''}`,
        });
        return;
      }
      const doc: unknown = parsed.toJS();
      if (doc === null || doc === undefined) return; // an empty document, e.g. after a trailing ---
      const verdict = judge(doc);
      switch (verdict.kind) {
        case 'invalid':
          for (const problem of verdict.problems)
            result.problems.push({ file, document, ...problem });
          return;
        case 'ignored':
          result.ignored.push({ file, document, why: verdict.why });
          return;
        case 'object': {
          const previous = seen.get(verdict.id);
          if (previous !== undefined) {
            result.problems.push({
              file,
              document,
              message: `${verdict.id} is already defined in ${previous}`,
            });
            return;
          }
          seen.set(verdict.id, file);
          result.objects.push(verdict.object);
          result.origins.push(file);
          result.ids.push(verdict.id);
          return;
        }
      }
    });
  }
  return result;
}
