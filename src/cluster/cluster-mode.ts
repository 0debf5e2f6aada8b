import type { KubernetesObject } from '@kubernetes/client-node';
import { Gauge, type Registry } from 'prom-client';
import type { Alert } from '../api/alert.js';
import { API_GROUP_VERSION } from '../api/group-version.js';
import type { Provider } from '../api/provider.js';
import type { Secret } from '../api/secret.js';
import type { Clock } from '../clock/clock.js';
import type { Config } from '../config/config.js';
import type { ClusterConfigSource } from '../kube/cluster-config-locator.js';
import { kubeEventRecorder, type EventRecorder } from '../kube/event-recorder.js';
import { superviseInformer, type SupervisedInformer } from '../kube/informer-supervisor.js';
import { connectKubeClient, type KubeClient } from '../kube/kube-client.js';
import { createLeaderElector, leaderElectionSettings } from '../kube/leader-election.js';
import { rateLimitSettings } from '../kube/request-rate-limiter.js';
import { ALWAYS_LEADER, type Leadership } from '../kube/leadership.js';
import type { NamedObject, ObjectCache } from '../kube/object-cache.js';
import { objectLabelLookup } from '../kube/object-labels.js';
import { Reconciler } from '../kube/reconciler.js';
import {
  ALERTS,
  collectionPath,
  PROVIDERS,
  RECEIVERS,
  SECRETS,
  watchedNamespace,
} from '../kube/resource-paths.js';
import type { Receiver } from '../api/receiver.js';
import { kubeTargetClient } from '../kube/kube-target-client.js';
import { ReceiverReconciler } from '../receivers/receiver-reconciler.js';
import type { ReceiverServing } from '../receivers/receiver-serving.js';
import { statusWriter } from '../kube/status/status-writer.js';
import type { Logger } from '../logging/logger.js';
import { ControllerRuntimeMetrics } from '../metrics/controller-runtime-metrics.js';
import { RestClientMetrics } from '../kube/rest-client-metrics.js';
import { createDeliveryPipeline } from '../pipeline/delivery-pipeline.js';
import type { EventIntake } from '../pipeline/event-intake.js';
import { deliveryComponent } from '../pipeline/delivery-component.js';
import type { HeraldMode } from '../herald.js';
import type { Component } from '../lifecycle/component.js';
import { kubeEventNamespaces } from '../sources/kube-event-namespaces.js';
import { KubeEventSource } from '../sources/kube-event-source.js';
import { CHECKPOINT_CONFIGMAP_NAME } from '../sources/checkpoint-store.js';
import { shardedName } from '../kube/shard-name.js';
import {
  openConfigMapThreadStore,
  THREADS_CONFIGMAP_NAME,
} from '../threads/configmap-thread-store.js';
import type { HealthDeps } from '../server/health-app.js';

export interface ClusterMode extends HeraldMode {
  readonly health: HealthDeps;
  readonly leadership: Leadership;
  readonly receivers: ReceiverServing;
  /**
   * Delivery, the informers, leader election, the reconciler and (with `--kube-events`) the
   * native Event source, which admits through the Event API's intake and so its rate limiter.
   */
  components(intake: EventIntake): readonly Component[];
}

export interface ClusterModeOptions {
  config: Config;
  logger: Logger;
  registry: Registry;
  clock: Clock;
  source: ClusterConfigSource;
  /** Only `KUBERNETES_SERVICE_HOST`/`PORT` are read, for in-cluster configuration. */
  env: Readonly<Record<string, string | undefined>>;
}

/**
 * Herald as a Kubernetes controller: Alerts, Providers and Secrets from supervised informers,
 * the reconciler writing their status, dispatch failures recorded as Events on the Alert, and
 * `matchLabels` answered through discovery.
 */
export function startClusterMode(options: ClusterModeOptions): ClusterMode {
  const { config, logger, registry, clock } = options;
  // Checked before connecting: a contradiction in the flags is reported as such.
  const kubeEventsNamespaces = kubeEventNamespaces(config);
  const rateLimit = rateLimitSettings(config);
  const client = connectKubeClient(
    options.source,
    { env: options.env },
    {
      metrics: new RestClientMetrics(registry),
      ...(rateLimit === undefined ? {} : { rateLimit: { ...rateLimit, clock } }),
    },
  );
  logger.info({ cluster: client.server, from: client.origin }, 'Connecting to the cluster');
  const namespace = watchedNamespace(config);
  const watch = { client, logger, clock };
  // `--watch-label-selector` shards Alerts and Providers; Secrets are read by reference, so
  // every one a selected Provider names must be in the cache.
  const shard = config.watchLabelSelector;
  const alerts = informer<Alert>(watch, collectionPath(ALERTS, namespace), shard);
  const providers = informer<Provider>(watch, collectionPath(PROVIDERS, namespace), shard);
  const receivers = informer<Receiver>(watch, collectionPath(RECEIVERS, namespace), shard);
  const secrets = informer<Secret>(watch, collectionPath(SECRETS, namespace));
  const recorder = kubeEventRecorder({ api: client.core, logger, instance: config.podName });
  const elector = config.enableLeaderElection
    ? createLeaderElector({
        coordination: client.coordination,
        ...leaderElectionSettings(config),
        logger,
        clock,
      })
    : undefined;
  const leadership: Leadership = elector ?? ALWAYS_LEADER;
  registerLeaderGauge(registry, leadership);
  const onAlert = alertEvents(recorder, alerts.cache);

  const pipeline = createDeliveryPipeline({
    config,
    // Flux's event server matches and dispatches, and its lines carry this name.
    logger: logger.child({ logger: 'event-server' }),
    registry,
    clock,
    threads: openConfigMapThreadStore({
      core: client.core,
      namespace: config.runtimeNamespace,
      name: shardedName(THREADS_CONFIGMAP_NAME, config.watchLabelSelector),
      clock,
      logger,
      leadership,
    }),
    hooks: {
      onDispatched: (alert, result) => {
        reconciler.recordDispatch(alert.key, result);
        if (!result.ok) onAlert(alert.key, 'NotificationDispatchFailed', result.error);
      },
      onMetadataConflict: (alert, keys) => {
        onAlert(
          alert.key,
          'MetadataAppendFailed',
          `metadata keys set by more than one source, the higher-precedence one kept: ${keys.join(', ')}`,
        );
      },
      lookupLabels: objectLabelLookup(client.objects),
      onLabelsUnavailable: (alertKey, object, error) => {
        onAlert(
          alertKey,
          'SourceFetchFailed',
          `cannot read the labels of ${object.kind} ${object.namespace}/${object.name}: ${error}`,
        );
      },
    },
  });
  const writeStatus = statusWriter(client.customObjects);
  // Routing is ready once the reconciler has built it from the caches' first lists.
  let markRoutingReady: () => void = () => undefined;
  const routingReady = new Promise<void>((resolve) => {
    markRoutingReady = resolve;
  });
  // What the spool kept from the last run goes first, before the events held meanwhile.
  void routingReady.then(() => {
    pipeline.replayPending();
  });
  const reconciler: Reconciler = new Reconciler({
    alerts: alerts.cache,
    providers: providers.cache,
    secrets: secrets.cache,
    pipeline: {
      ...pipeline,
      update(objects) {
        const readiness = pipeline.update(objects);
        markRoutingReady();
        return readiness;
      },
    },
    writeStatus,
    leadership,
    logger,
    clock,
    metrics: new ControllerRuntimeMetrics(registry, clock, ['alert', 'provider']),
  });

  const receiverReconciler = new ReceiverReconciler({
    receivers: receivers.cache,
    secrets: secrets.cache,
    writeStatus,
    leadership,
    logger,
    clock,
  });

  const informers = [alerts, providers, receivers, secrets];
  let synced: Promise<void> = Promise.resolve();
  let stopping = false;
  /** Runs once every cache has its first list, unless Herald is stopping by then. */
  const afterSync = (start: () => void) => {
    void synced.then(() => {
      if (!stopping) start();
    });
  };

  const caches: Component = {
    name: 'informers',
    scope: 'every-replica',
    // Not awaited: Herald serves at once (/healthz) and is ready once every cache has listed.
    start() {
      synced = Promise.all(informers.map((each) => each.start())).then(() => {
        if (stopping) return;
        logger.info(
          {
            alerts: alerts.cache.list().length,
            providers: providers.cache.list().length,
            receivers: receivers.cache.list().length,
          },
          'Caches synced',
        );
      });
      return Promise.resolve();
    },
    async stop() {
      stopping = true;
      await Promise.all(informers.map((each) => each.stop()));
    },
  };
  const election: Component = {
    name: 'leader-election',
    scope: 'every-replica',
    start() {
      afterSync(() => elector?.start());
      return Promise.resolve();
    },
    // Leader-only work has stopped by now: hand the Lease over at once.
    stop: async () => {
      stopping = true;
      await elector?.stop();
    },
  };
  const reconciling: Component = {
    name: 'reconciler',
    scope: 'every-replica',
    start() {
      afterSync(() => {
        reconciler.start();
        receiverReconciler.start();
      });
      return Promise.resolve();
    },
    async stop() {
      stopping = true;
      reconciler.stop();
      receiverReconciler.stop();
      await Promise.all([reconciler.idle(), receiverReconciler.idle()]);
    },
  };
  // Leader-only: it stops, writing its checkpoint, before the elector (started before it)
  // releases the Lease, so a graceful handoff repeats nothing.
  const nativeEvents = (intake: EventIntake): Component => {
    const source = new KubeEventSource({
      client,
      intake,
      registry,
      logger: logger.child({ logger: 'kube-events' }),
      config: { ...config, kubeEventsNamespaces },
      clock,
      // Each shard routes every Event to its own Alerts, so each keeps its own place.
      checkpoint: {
        configMapName: shardedName(CHECKPOINT_CONFIGMAP_NAME, config.watchLabelSelector),
      },
    });
    let wanted = false;
    return {
      name: source.name,
      scope: source.scope,
      // A backlog replayed before routing is built would only wait in the startup hold.
      start() {
        wanted = true;
        void routingReady.then(() => (wanted ? source.start() : undefined));
        return Promise.resolve();
      },
      stop(deadline) {
        wanted = false;
        return source.stop(deadline);
      },
    };
  };

  return {
    sink: pipeline.dispatcher,
    routingReady,
    leadership,
    receivers: {
      index: () => receiverReconciler.index(),
      targets: kubeTargetClient(client.objects),
    },
    components: (intake) => [
      deliveryComponent(pipeline, logger),
      caches,
      election,
      reconciling,
      ...(config.kubeEvents ? [nativeEvents(intake)] : []),
    ],
    health: {
      ready: () => informers.every((each) => each.cache.synced()),
      status: () => ({ mode: 'cluster', objects: reconciler.readiness() }),
    },
  };
}

/**
 * A supervised informer typed with Herald's API types: custom objects arrive as the JSON they
 * were stored as, which is what those types describe; the informer itself reads only metadata.
 */
function informer<T extends NamedObject>(
  { client, logger, clock }: { client: KubeClient; logger: Logger; clock: Clock },
  path: string,
  labelSelector?: string,
): { cache: ObjectCache<T>; start(): Promise<void>; stop(): Promise<void> } {
  const supervised: SupervisedInformer<KubernetesObject> = superviseInformer({
    transport: client.listWatch,
    path,
    logger,
    clock,
    ...(labelSelector === undefined ? {} : { labelSelector }),
  });
  return supervised as unknown as {
    cache: ObjectCache<T>;
    start(): Promise<void>;
    stop(): Promise<void>;
  };
}

/** `herald_leader`: 1 on the replica that leads (writes status, ingests native Events). */
function registerLeaderGauge(registry: Registry, leadership: Leadership): void {
  new Gauge({
    name: 'herald_leader',
    help: 'Whether this replica leads: 1 or 0.',
    registers: [registry],
    collect() {
      this.set(leadership.isLeader() ? 1 : 0);
    },
  });
}

/** Records a Warning Event on an Alert, by its `namespace/name` key. */
function alertEvents(recorder: EventRecorder, alerts: ObjectCache<Alert>) {
  return (alertKey: string, reason: string, message: string): void => {
    const [namespace = '', name = ''] = alertKey.split('/');
    const alert = alerts.get(namespace, name);
    recorder(
      {
        apiVersion: API_GROUP_VERSION,
        kind: 'Alert',
        namespace,
        name,
        ...(alert?.metadata.uid !== undefined && { uid: alert.metadata.uid }),
      },
      'Warning',
      reason,
      message,
    );
  };
}
