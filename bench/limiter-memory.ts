// Memory of the rate limiter holding 1,000,000 keys, beside the same process holding none.
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { printTable, writeResults } from './report.js';

const KEYS = 1_000_000;

interface MemoryReading {
  keys: number;
  rssMiB: number;
  heapUsedMiB: number;
}

function readInChild(keys: number): MemoryReading {
  const script = fileURLToPath(new URL('./servers/limiter-fill.ts', import.meta.url));
  const out = execFileSync(
    process.execPath,
    ['--expose-gc', '--import', 'tsx', script, String(keys)],
    {
      encoding: 'utf8',
    },
  );
  return JSON.parse(out) as MemoryReading;
}

export async function benchLimiterMemory(): Promise<void> {
  const empty = readInChild(0);
  const full = readInChild(KEYS);
  const bytesPerKey = ((full.rssMiB - empty.rssMiB) * 1024 * 1024) / KEYS;
  const rows = [
    { ...empty },
    { ...full },
    {
      keys: 'per key',
      rssMiB: `${Math.round(bytesPerKey)} B`,
      heapUsedMiB: `${Math.round(((full.heapUsedMiB - empty.heapUsedMiB) * 1024 * 1024) / KEYS)} B`,
    },
  ];
  printTable(`Rate limiter memory with ${KEYS.toLocaleString('en')} keys (after GC)`, rows);
  await writeResults('limiter-memory', {
    keys: KEYS,
    empty,
    full,
    rssBytesPerKey: Math.round(bytesPerKey),
  });
}
