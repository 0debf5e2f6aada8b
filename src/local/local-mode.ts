import { watch, type FSWatcher } from 'node:fs';
import type { Registry } from 'prom-client';
import type { Alert } from '../api/alert.js';
import type { Provider } from '../api/provider.js';
import type { Receiver } from '../api/receiver.js';
import {
  buildReceiverIndex,
  EMPTY_RECEIVER_INDEX,
  type ReceiverIndex,
} from '../receivers/receiver-index.js';
import { localTargetClient } from './local-target-client.js';
import type { ObjectSet, Readiness } from '../api/readiness/readiness.js';
import type { Secret } from '../api/secret.js';
import type { ManifestObject } from '../api/validation/manifest-validator.js';
import type { Clock, TimerHandle } from '../clock/clock.js';
import type { Config } from '../config/config.js';
import type { Logger } from '../logging/logger.js';
import { objectFields, objectKeyFields } from '../logging/object-fields.js';
import { createDeliveryPipeline } from '../pipeline/delivery-pipeline.js';
import type { DispatchResult } from '../pipeline/dispatcher.js';
import { deliveryComponent } from '../pipeline/delivery-component.js';
import type { HeraldMode } from '../herald.js';
import type { Component } from '../lifecycle/component.js';
import type { HealthDeps } from '../server/health-app.js';
import { keepLastGood, type LoadedByFile } from './keep-last-good.js';
import { judgeManifest } from './manifest-judge.js';
import { loadManifests, type LoadedManifests, type ManifestProblem } from './manifest-loader.js';
import { HeraldError } from '../errors/herald-error.js';
import { errorMessage } from '../errors/error-message.js';

/** Editors write a file in several steps; reload once they are done. */
export const RELOAD_DEBOUNCE_MS = 200;

export interface LocalMode extends HeraldMode {
  readonly health: HealthDeps;
  /** Reads the folder again now (the watcher calls this on changes). */
  reload(): Promise<void>;
  /** Delivery, then the watcher of the folder. */
  components(): readonly Component[];
}

/** The manifests folder cannot be read at all (missing, not a folder, no permission). */
export class ManifestsUnreadableError extends HeraldError {
  constructor(message: string, options?: ErrorOptions) {
    super('HERALD_MANIFESTS_UNREADABLE', message, options);
  }
}

/** What `/status` shows of an Alert's last delivery. */
interface LastDispatch {
  time: string;
  result: 'Succeeded' | 'Failed';
  error?: string;
}

/**
 * Local mode: Alerts, Providers and Secrets come from the YAML files of a folder instead of a
 * cluster, reloaded when they change. A bad document is logged with its file and field; the
 * others still load. Readiness is logged and served on `GET /status`.
 */
export async function startLocalMode(options: {
  dir: string;
  config: Config;
  logger: Logger;
  registry: Registry;
  clock: Clock;
}): Promise<LocalMode> {
  const { dir, config, logger, clock } = options;
  // Kept as given and dated only when `/status` is read: a busy Alert is dispatched to far more
  // often than anyone reads its status.
  const lastDispatch = new Map<string, { result: DispatchResult; atMs: number }>();
  const pipeline = createDeliveryPipeline({
    config,
    logger: logger.child({ logger: 'event-server' }),
    registry: options.registry,
    clock,
    hooks: {
      onDispatched: (alert, result) => lastDispatch.set(alert.key, { result, atMs: clock.now() }),
      onMetadataConflict: (alert, keys) => {
        logger.warn(
          { ...objectKeyFields('Alert', alert.key), keys },
          'Metadata keys set by more than one of the event and the Alert',
        );
      },
    },
  });
  let readiness: Readiness[] = [];
  let problems: ManifestProblem[] = [];
  let loadedByFile: LoadedByFile<ManifestObject> = new Map();
  let receivers: ReceiverIndex = EMPTY_RECEIVER_INDEX;

  const reload = async (): Promise<void> => {
    let loaded: LoadedManifests<ManifestObject>;
    try {
      loaded = await loadManifests(dir, judgeManifest);
    } catch (error) {
      const why = (error as NodeJS.ErrnoException).code ?? String(error);
      throw new ManifestsUnreadableError(`cannot read --manifests folder "${dir}" (${why})`);
    }
    const { objects, kept, byFile } = keepLastGood(loaded, loadedByFile);
    loadedByFile = byFile;
    problems = [
      ...loaded.problems,
      ...kept.map(({ file, id }) => ({
        file,
        document: 0,
        message: `${id} keeps its last good version until this file loads again`,
      })),
    ];
    const objectSet = toObjectSet(objects);
    readiness = pipeline.update(objectSet);
    const secrets = new Map(
      objectSet.secrets.map((secret) => [
        `${secret.metadata.namespace ?? ''}/${secret.metadata.name}`,
        secret,
      ]),
    );
    receivers = buildReceiverIndex(
      objects.filter((object): object is Receiver => object.kind === 'Receiver'),
      (namespace, name) => secrets.get(`${namespace}/${name}`),
    );
    reportLoad({ ...loaded, objects }, readiness, dir, logger);
    reportReceivers(receivers, logger);
    for (const { file, id } of kept)
      logger.warn(
        { file, object: id },
        'Kept the last good version of an object its file no longer yields',
      );
  };
  await reload();
  pipeline.replayPending();
  if (config.kubeEvents) {
    logger.info('Native Kubernetes Events need a cluster; they are not watched in local mode');
  }
  let watcher: { close(): void } | undefined;
  const folderWatch: Component = {
    name: 'manifest-watch',
    scope: 'every-replica',
    start() {
      watcher = watchFolder(dir, { logger, clock }, reload);
      return Promise.resolve();
    },
    stop() {
      watcher?.close();
      return Promise.resolve();
    },
  };
  const delivery = deliveryComponent(pipeline, logger);

  return {
    sink: pipeline.dispatcher,
    components: () => [delivery, folderWatch],
    reload,
    receivers: {
      index: () => receivers,
      targets: localTargetClient(logger.child({ logger: 'receiver-server' })),
    },
    health: {
      ready: () => true,
      status: () => ({
        mode: 'local',
        manifests: dir,
        objects: readiness.map((entry) => ({
          ...entry,
          ...(entry.kind === 'Alert' && {
            lastDispatch: toLastDispatch(lastDispatch.get(`${entry.namespace}/${entry.name}`)),
          }),
        })),
        problems,
      }),
    },
  };
}

function toObjectSet(objects: readonly ManifestObject[]): ObjectSet {
  return {
    alerts: objects.filter((object): object is Alert => object.kind === 'Alert'),
    providers: objects.filter((object): object is Provider => object.kind === 'Provider'),
    secrets: objects.filter((object): object is Secret => object.kind === 'Secret'),
  };
}

function toLastDispatch(
  dispatch: { result: DispatchResult; atMs: number } | undefined,
): LastDispatch | undefined {
  if (dispatch === undefined) return undefined;
  const { result } = dispatch;
  const time = new Date(dispatch.atMs).toISOString();
  return result.ok
    ? { time, result: 'Succeeded' }
    : { time, result: 'Failed', error: result.error };
}

/** Watches the folder and reloads once changes settle; `close` also drops a pending reload. */
function watchFolder(
  dir: string,
  { logger, clock }: { logger: Logger; clock: Clock },
  reload: () => Promise<void>,
): { close(): void } {
  let timer: TimerHandle | undefined;
  let watcher: FSWatcher | undefined;
  const close = () => {
    timer?.cancel();
    watcher?.close();
  };
  try {
    watcher = watch(dir, () => {
      timer?.cancel();
      timer = clock.setTimeout(() => {
        logger.info({ manifests: dir }, 'Manifests changed, reloading');
        reload().catch((error: unknown) => {
          logger.error({ error: errorMessage(error) }, 'Failed to reload manifests');
        });
      }, RELOAD_DEBOUNCE_MS);
    });
    watcher.on('error', (error) => {
      logger.error({ error: error.message }, 'Stopped watching manifests');
    });
  } catch (error) {
    logger.error({ error: errorMessage(error) }, 'Cannot watch manifests; changes need a restart');
  }
  return { close };
}

function reportLoad(
  loaded: LoadedManifests<ManifestObject>,
  readiness: readonly Readiness[],
  dir: string,
  logger: Logger,
): void {
  for (const problem of loaded.problems) {
    logger.error(
      { file: problem.file, document: problem.document, field: problem.field },
      `Rejected manifest: ${problem.message}`,
    );
  }
  for (const skipped of loaded.ignored) {
    logger.debug(
      { file: skipped.file, document: skipped.document },
      `Ignored manifest: ${skipped.why}`,
    );
  }
  for (const entry of readiness) {
    const fields = {
      ...objectFields(entry.kind, entry.namespace, entry.name),
      reason: entry.reason,
    };
    if (entry.ready) logger.info(fields, `${entry.kind} is ready`);
    else logger.error(fields, `${entry.kind} is not ready: ${entry.message}`);
  }
  const count = (kind: string) => loaded.objects.filter((object) => object.kind === kind).length;
  logger.info(
    {
      manifests: dir,
      files: loaded.files.length,
      alerts: count('Alert'),
      providers: count('Provider'),
      receivers: count('Receiver'),
      secrets: count('Secret'),
      rejected: loaded.problems.length,
    },
    'Loaded manifests',
  );
}

/** A line per Receiver: its webhook path once ready (the path is not secret; the token is). */
function reportReceivers(index: ReceiverIndex, logger: Logger): void {
  for (const { readiness } of index.entries) {
    const fields = {
      ...objectFields('Receiver', readiness.namespace, readiness.name),
      reason: readiness.reason,
    };
    if (readiness.ready)
      logger.info({ ...fields, webhookPath: readiness.webhookPath }, 'Receiver is ready');
    else logger.error(fields, `Receiver is not ready: ${readiness.message}`);
  }
}
