import type { Registry } from 'prom-client';

/** A metric's value in `registry`, summed over the series whose labels include `labels` (0 if none). */
export async function metricValue(
  registry: Registry,
  name: string,
  labels: Record<string, string> = {},
): Promise<number> {
  const found = await registry.getSingleMetric(name)?.get();
  return (found?.values ?? [])
    .filter((value) =>
      Object.entries(labels).every(([key, wanted]) => value.labels[key] === wanted),
    )
    .reduce((sum, value) => sum + value.value, 0);
}
