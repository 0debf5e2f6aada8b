import { mkdir, writeFile } from 'node:fs/promises';
import { cpus } from 'node:os';
import { fileURLToPath } from 'node:url';

/** Prints rows as an aligned table, with a title. */
export function printTable(title: string, rows: readonly Record<string, unknown>[]): void {
  const first = rows[0];
  if (first === undefined) return;
  const columns = Object.keys(first);
  const cell = (value: unknown): string =>
    typeof value === 'string' ? value : JSON.stringify(value);
  const widths = columns.map((column) =>
    Math.max(column.length, ...rows.map((row) => cell(row[column]).length)),
  );
  const line = (values: string[]) =>
    values.map((value, i) => value.padEnd(widths[i] ?? 0)).join('  ');
  process.stdout.write(`\n${title}\n${line(columns)}\n`);
  for (const row of rows)
    process.stdout.write(`${line(columns.map((column) => cell(row[column])))}\n`);
}

/** Writes bench/results/NAME.json with the machine it was measured on. */
export async function writeResults(name: string, data: unknown): Promise<void> {
  const dir = fileURLToPath(new URL('./results/', import.meta.url));
  await mkdir(dir, { recursive: true });
  const machine = { node: process.version, cpus: cpus().length, cpu: cpus()[0]?.model };
  const file = `${dir}${name}.json`;
  await writeFile(
    file,
    `${JSON.stringify({ measuredAt: new Date().toISOString(), machine, ...(data as object) }, null, 2)}\n`,
  );
  process.stdout.write(`wrote ${file}\n`);
}

/** The middle value (the mean of the two middle ones for an even count). */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[middle] ?? 0)
    : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}
