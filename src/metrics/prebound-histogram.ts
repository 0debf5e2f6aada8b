import type { Histogram, Registry } from 'prom-client';

/** One label set of a {@link PreboundHistogram}: what the hot path keeps and observes into. */
export interface HistogramSeries {
  observe(value: number): void;
}

class Series implements HistogramSeries {
  /** Observations per bucket (not cumulative); the last slot is +Inf. */
  readonly counts: Float64Array;
  sum = 0;
  count = 0;

  constructor(
    readonly labels: Readonly<Record<string, string>>,
    private readonly upperBounds: readonly number[],
  ) {
    this.counts = new Float64Array(upperBounds.length + 1);
  }

  observe(value: number): void {
    let bucket = 0;
    while (bucket < this.upperBounds.length && value > (this.upperBounds[bucket] ?? 0)) bucket++;
    this.counts[bucket] = (this.counts[bucket] ?? 0) + 1;
    this.sum += value;
    this.count++;
  }
}

export interface PreboundHistogramConfig<L extends string> {
  name: string;
  help: string;
  labelNames: readonly L[];
  /** Upper bounds, ascending; +Inf is implied. */
  buckets: readonly number[];
  registers: readonly Registry[];
}

/**
 * A Prometheus histogram for hot paths: each label set is resolved once into a series whose
 * `observe` is a bucket search and three additions. prom-client's labelled `observe`
 * validates and hashes the labels on every call, which cost the Event API about 3% of its
 * throughput for its two histograms (`npm run bench`). It registers in a prom-client
 * Registry and renders as prom-client's Histogram does.
 */
export class PreboundHistogram<L extends string> {
  readonly name: string;
  readonly help: string;
  readonly type = 'histogram';
  readonly aggregator = 'sum';
  readonly #labelNames: readonly L[];
  readonly #upperBounds: readonly number[];
  /** Keyed by the label values in `labelNames` order. */
  readonly #series = new Map<string, Series>();

  constructor(config: PreboundHistogramConfig<L>) {
    this.name = config.name;
    this.help = config.help;
    this.#labelNames = config.labelNames;
    this.#upperBounds = [...config.buckets];
    // The Registry reads only name, help, type, aggregator, get() and reset(), which this
    // provides; its typing names prom-client's own classes.
    for (const registry of config.registers)
      registry.registerMetric(this as unknown as Histogram<L>);
  }

  /** The series of one label set; keep it and observe into it. */
  series(labels: Readonly<Record<L, string>>): HistogramSeries {
    const key = JSON.stringify(this.#labelNames.map((name) => labels[name]));
    let series = this.#series.get(key);
    if (series === undefined) {
      const own: Record<string, string> = {};
      for (const name of this.#labelNames) own[name] = labels[name];
      series = new Series(own, this.#upperBounds);
      this.#series.set(key, series);
    }
    return series;
  }

  /** The `_bucket` (cumulative, with `le`), `_sum` and `_count` samples of every series. */
  get() {
    const values: { value: number; labels: Record<string, string | number>; metricName: string }[] =
      [];
    for (const series of this.#series.values()) {
      let cumulative = 0;
      for (const [index, bound] of [...this.#upperBounds, '+Inf' as const].entries()) {
        cumulative += series.counts[index] ?? 0;
        values.push({
          value: cumulative,
          labels: { ...series.labels, le: bound },
          metricName: `${this.name}_bucket`,
        });
      }
      values.push({ value: series.sum, labels: series.labels, metricName: `${this.name}_sum` });
      values.push({ value: series.count, labels: series.labels, metricName: `${this.name}_count` });
    }
    return Promise.resolve({
      name: this.name,
      help: this.help,
      type: this.type,
      aggregator: this.aggregator,
      values,
    });
  }

  /** Forgets every observation (prom-client's `registry.resetMetrics()`). */
  reset(): void {
    for (const series of this.#series.values()) {
      series.counts.fill(0);
      series.sum = 0;
      series.count = 0;
    }
  }
}
