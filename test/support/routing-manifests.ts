/**
 * The objects both cluster-mode suites (in-repo and real API server) route with: a generic
 * Provider whose address is in a Secret (`<receiverUrl>/from-secret`), an Alert on it, and an
 * Alert whose Provider does not exist. Namespace `apps`.
 */
export function routingManifests(receiverUrl: string): string {
  return `
apiVersion: v1
kind: Secret
metadata: {name: webhook, namespace: apps}
stringData: {address: "${receiverUrl}/from-secret"}
---
apiVersion: notification.toolkit.fluxcd.io/v1beta3
kind: Provider
metadata: {name: hook, namespace: apps}
spec: {type: generic, secretRef: {name: webhook}}
---
apiVersion: notification.toolkit.fluxcd.io/v1beta3
kind: Alert
metadata: {name: good, namespace: apps}
spec: {providerRef: {name: hook}, eventSources: [{kind: Kustomization, name: "*"}]}
---
apiVersion: notification.toolkit.fluxcd.io/v1beta3
kind: Alert
metadata: {name: no-provider, namespace: apps}
spec: {providerRef: {name: missing}, eventSources: [{kind: Kustomization, name: "*"}]}
`;
}
