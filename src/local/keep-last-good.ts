import type { LoadedManifests } from './manifest-loader.js';

/** The objects loaded from each file, by id: what a reload compares against. */
export type LoadedByFile<T> = ReadonlyMap<string, ReadonlyMap<string, T>>;

/** An object kept at its last good version, and the file that no longer yields it. */
export interface KeptObject {
  readonly file: string;
  readonly id: string;
}

/**
 * A file being edited is often briefly broken: an object whose file now has a problem, and
 * which that file no longer yields, keeps its last good version instead of vanishing and
 * taking its routing with it. A file that loads cleanly, or is removed, is taken as it is now.
 */
export function keepLastGood<T>(
  loaded: LoadedManifests<T>,
  previous: LoadedByFile<T>,
): { objects: T[]; kept: KeptObject[]; byFile: Map<string, Map<string, T>> } {
  const byFile = new Map<string, Map<string, T>>();
  loaded.objects.forEach((object, index) => {
    const file = loaded.origins[index] ?? '';
    const objects = byFile.get(file) ?? new Map<string, T>();
    objects.set(loaded.ids[index] ?? '', object);
    byFile.set(file, objects);
  });
  const objects = [...loaded.objects];
  const kept: KeptObject[] = [];
  const present = new Set(loaded.ids);
  const broken = new Set(loaded.problems.map((problem) => problem.file));
  for (const [file, before] of previous) {
    if (!broken.has(file)) continue;
    for (const [id, object] of before) {
      if (present.has(id)) continue;
      objects.push(object);
      present.add(id);
      const fromFile = byFile.get(file) ?? new Map<string, T>();
      fromFile.set(id, object);
      byFile.set(file, fromFile);
      kept.push({ file, id });
    }
  }
  return { objects, kept, byFile };
}
