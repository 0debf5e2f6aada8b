/**
 * The feature gates Flux's notification-controller v1.9 knows (its own and the ones fluxcd/pkg
 * adds to it), all off by default, and why none changes what Herald does.
 */
export const FEATURE_GATES: Readonly<Record<string, string>> = {
  CacheSecretsAndConfigMaps:
    'CacheSecretsAndConfigMaps (Herald always keeps the Secrets it reads in its watch cache)',
  DisableConfigWatchers:
    "DisableConfigWatchers (Flux's config watchers serve Receivers, which Herald does not serve)",
  ObjectLevelWorkloadIdentity:
    'ObjectLevelWorkloadIdentity (no Herald provider authenticates with cloud workload identity)',
};

const GO_BOOLEANS: Readonly<Record<string, boolean>> = {
  '1': true,
  t: true,
  T: true,
  true: true,
  TRUE: true,
  True: true,
  '0': false,
  f: false,
  F: false,
  false: false,
  FALSE: false,
  False: false,
};

/**
 * Every gate with its value, and the gates named: the defaults, then each `--feature-gates` value in order, read as
 * Kubernetes' `MapStringBool` reads it (`Gate1=true,Gate2=false`, spaces around names and values
 * ignored, empty items skipped). A gate Flux does not know is refused, as Flux exits on it
 * ("feature-gate 'X' not supported"); `fail` throws for the value at fault.
 */
export function parseFeatureGates(
  values: readonly string[],
  fail: (text: string, why: string) => never,
): { gates: Record<string, boolean>; named: string[] } {
  const gates: Record<string, boolean> = Object.fromEntries(
    Object.keys(FEATURE_GATES).map((gate) => [gate, false]),
  );
  const named = new Set<string>();
  for (const text of values) {
    for (const item of text.split(',')) {
      if (item === '') continue;
      const eq = item.indexOf('=');
      if (eq === -1) fail(text, `malformed pair "${item}" (use Gate=true or Gate=false)`);
      const name = item.slice(0, eq).trim();
      const value = GO_BOOLEANS[item.slice(eq + 1).trim()];
      if (value === undefined)
        fail(text, `the value of ${name} is not a boolean (use true or false)`);
      if (!Object.hasOwn(FEATURE_GATES, name))
        fail(
          text,
          `feature gate "${name}" is not supported (known: ${Object.keys(FEATURE_GATES).join(', ')})`,
        );
      gates[name] = value;
      named.add(name);
    }
  }
  return { gates, named: [...named] };
}
