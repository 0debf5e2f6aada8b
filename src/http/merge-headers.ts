/**
 * Merges header layers, later layers winning. Header names are case-insensitive, so a later
 * `content-type` replaces an earlier `Content-Type` instead of sending both.
 */
export function mergeHeaders(
  ...layers: readonly (Readonly<Record<string, string>> | undefined)[]
): Record<string, string> {
  const byLowerName = new Map<string, [string, string]>();
  for (const layer of layers) {
    if (layer === undefined) continue;
    for (const [name, value] of Object.entries(layer)) {
      byLowerName.set(name.toLowerCase(), [name, value]);
    }
  }
  return Object.fromEntries(byLowerName.values());
}
