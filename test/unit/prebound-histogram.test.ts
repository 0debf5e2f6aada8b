import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Histogram, Registry } from 'prom-client';
import { PreboundHistogram } from '../../src/metrics/prebound-histogram.js';

const config = {
  name: 'request_seconds',
  help: 'How long requests took.',
  labelNames: ['method', 'code'] as const,
  buckets: [0.005, 0.01, 0.1, 1],
};
const observations: [{ method: string; code: string }, number][] = [
  [{ method: 'POST', code: '202' }, 0.001],
  [{ method: 'POST', code: '202' }, 0.005], // on a bound: counted in that bucket
  [{ method: 'POST', code: '202' }, 0.0500001],
  [{ method: 'POST', code: '429' }, 7], // past every bound: +Inf only
  [{ method: 'GET', code: '405' }, 0.2],
];

/** The samples of an exposition, each line's labels sorted, so label order does not matter. */
function samples(text: string): string[] {
  return text
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => {
      const match = /^([^{ ]+)(?:\{([^}]*)\})? (.+)$/.exec(line);
      if (match === null || line.startsWith('#')) return line;
      const labels = (match[2] ?? '').split(',').filter(Boolean).sort().join(',');
      return `${match[1] ?? ''}{${labels}} ${match[3] ?? ''}`;
    })
    .sort();
}

test('renders exactly what prom-client renders for the same observations', async () => {
  const reference = new Registry();
  const theirs = new Histogram({
    ...config,
    labelNames: [...config.labelNames],
    registers: [reference],
  });
  const ours = new Registry();
  const prebound = new PreboundHistogram({ ...config, registers: [ours] });
  for (const [labels, value] of observations) {
    theirs.observe(labels, value);
    prebound.series(labels).observe(value);
  }
  assert.deepEqual(samples(await ours.metrics()), samples(await reference.metrics()));
  assert.match(
    await ours.metrics(),
    /^request_seconds_bucket\{method="POST",code="202",le="0.005"\} 2$/m,
  );
  assert.match(await ours.metrics(), /^request_seconds_count\{method="POST",code="429"\} 1$/m);
});

test('a label set resolves to one series however often it is asked for', async () => {
  const registry = new Registry();
  const histogram = new PreboundHistogram({ ...config, registers: [registry] });
  histogram.series({ code: '202', method: 'POST' }).observe(0.001);
  histogram.series({ method: 'POST', code: '202' }).observe(0.002);
  assert.match(await registry.metrics(), /^request_seconds_count\{method="POST",code="202"\} 2$/m);
});

test('reset zeroes every series and keeps it', async () => {
  const registry = new Registry();
  const histogram = new PreboundHistogram({ ...config, registers: [registry] });
  const series = histogram.series({ method: 'POST', code: '202' });
  series.observe(0.5);
  registry.resetMetrics();
  assert.match(await registry.metrics(), /^request_seconds_sum\{method="POST",code="202"\} 0$/m);
  series.observe(0.5);
  assert.match(await registry.metrics(), /^request_seconds_count\{method="POST",code="202"\} 1$/m);
});
