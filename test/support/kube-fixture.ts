import { join } from 'node:path';
import { connectKubeClient, type KubeClient } from '../../src/kube/kube-client.js';
import { startTestApiServer, type TestApiServer } from '../apiserver/server.js';
import { findKubectl, Kubectl, makeTempDir } from '../apiserver/test-support.js';

/** Herald's CustomResourceDefinitions: Alerts, Providers and Receivers. */
export const CRD_FILES = ['alerts', 'providers', 'receivers'].map((plural) =>
  join(import.meta.dirname, '..', '..', 'crds', `notification.toolkit.fluxcd.io_${plural}.yaml`),
);

/** What a suite needs from either server: this one or a real kube-apiserver (real-apiserver.ts). */
export interface KubeServerFixture {
  /** A kubeconfig file for the server. */
  kubeconfig: string;
  /** A fresh client (own HTTP agent), as one Herald replica would have. */
  client(): KubeClient;
  close(): Promise<void>;
}

export interface KubeFixture extends KubeServerFixture {
  api: TestApiServer;
  /** The real kubectl against the server (made on first use: it needs kubectl on PATH). */
  kubectl(): Kubectl;
}

/** The test API server with Herald's CRDs and the given namespaces, and clients for it. */
export async function startKubeFixture(namespaces: readonly string[] = []): Promise<KubeFixture> {
  const api = await startTestApiServer({
    crdFiles: CRD_FILES,
    namespaces: ['flux-system', ...namespaces],
  });
  const dir = await makeTempDir('herald-kube');
  const kubeconfig = join(dir.path, 'kubeconfig');
  await api.writeKubeconfig(kubeconfig);
  let kubectl: Kubectl | undefined;
  return {
    api,
    kubeconfig,
    client: () => connectKubeClient({ kind: 'kubeconfig', path: kubeconfig }, { env: {} }),
    kubectl: () => (kubectl ??= new Kubectl(findKubectl(), kubeconfig, dir.path)),
    close: async () => {
      await api.close();
      await dir.remove();
    },
  };
}
