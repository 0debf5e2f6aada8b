import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { makeTempDir } from '../apiserver/test-support.js';
import { seedEvent } from '../fixtures/seed-event.js';
import { post } from './event-api-harness.js';
import { LOOPBACK_FLAGS, spawnHerald, type HeraldProcess } from './herald-process.js';

/** A generic Provider at the receiver's port and an Alert that takes every Kustomization event. */
export const spooledRouting = (port: number) => `apiVersion: notification.toolkit.fluxcd.io/v1beta3
kind: Provider
metadata: {name: hook, namespace: apps}
spec: {type: generic, address: "http://127.0.0.1:${String(port)}/hook"}
---
apiVersion: notification.toolkit.fluxcd.io/v1beta3
kind: Alert
metadata: {name: all, namespace: apps}
spec:
  providerRef: {name: hook}
  eventSources: [{kind: Kustomization, name: '*'}]
`;

/** Local-mode Herald processes started one after another on the same manifests and spool. */
export interface SpoolingHerald {
  /** The spool directory (`--storage-path`). */
  readonly spool: string;
  /** The process started last. */
  readonly current: HeraldProcess | undefined;
  /** Starts a process and resolves with its Event API URL once it serves. */
  start(): Promise<string>;
  /** Ends the current process (if any) with SIGKILL and removes the directory. */
  remove(): Promise<void>;
}

/** Herald with `--storage-path` in a fresh directory, delivering to 127.0.0.1:`port`. */
export async function spoolingHerald(prefix: string, port: number): Promise<SpoolingHerald> {
  const dir = await makeTempDir(prefix);
  await mkdir(join(dir.path, 'manifests'));
  await writeFile(join(dir.path, 'manifests', 'hook.yaml'), spooledRouting(port));
  const spool = join(dir.path, 'spool');
  const flags = [
    `--manifests=${join(dir.path, 'manifests')}`,
    `--storage-path=${spool}`,
    ...LOOPBACK_FLAGS,
  ];
  let current: HeraldProcess | undefined;
  return {
    spool,
    get current() {
      return current;
    },
    async start() {
      current = spawnHerald(flags);
      const started = await current.waitForLog((line) => line.msg === 'Started servers', 60_000);
      return `http://${String(started.events)}`;
    },
    async remove() {
      current?.child.kill('SIGKILL');
      await dir.remove();
    },
  };
}

/** POSTs `count` events, `event <i>` each, one after another; each must get its 202. */
export async function postNumberedEvents(eventsUrl: string, count: number): Promise<void> {
  for (let i = 0; i < count; i++) {
    const response = await post(eventsUrl, { ...seedEvent(), message: `event ${String(i)}` });
    if (response.status !== 202) {
      throw new Error(`event ${String(i)} answered ${String(response.status)}: ${response.text}`);
    }
  }
}

/** How many distinct messages came, and how many came again. */
export function tallyMessages(messages: readonly string[]): { distinct: number; repeats: number } {
  const distinct = new Set(messages).size;
  return { distinct, repeats: messages.length - distinct };
}
