import { ALERT_KIND } from './alert.js';
import { alertSchema } from './alert-schema.js';
import { API_GROUP, API_VERSION } from './group-version.js';
import type { OpenApiSchema } from './openapi-schema.js';
import { PROVIDER_KIND } from './provider.js';
import { providerSchema } from './provider-schema.js';
import { RECEIVER_API_VERSION, RECEIVER_KIND } from './receiver.js';
import { receiverSchema } from './receiver-schema.js';

/** The parts of apiextensions.k8s.io/v1 CustomResourceDefinition that Herald's CRDs use. */
export interface CustomResourceDefinition {
  apiVersion: 'apiextensions.k8s.io/v1';
  kind: 'CustomResourceDefinition';
  metadata: { name: string };
  spec: {
    group: string;
    names: {
      kind: string;
      listKind: string;
      plural: string;
      singular: string;
      categories: string[];
    };
    scope: 'Namespaced';
    versions: {
      name: string;
      served: boolean;
      storage: boolean;
      deprecated?: boolean;
      deprecationWarning?: string;
      additionalPrinterColumns: PrinterColumn[];
      schema: { openAPIV3Schema: OpenApiSchema };
      subresources: { status: Record<string, never> };
    }[];
  };
}

export interface PrinterColumn {
  name: string;
  type: 'string' | 'date';
  jsonPath: string;
}

/**
 * Flux's earlier versions. A cluster that ran Flux lists them in the CRD's `storedVersions`,
 * and the API server refuses a CRD that drops a stored version, so they stay: v1beta2 served
 * (same fields, so manifests kept in Git still apply; no conversion needed), v1beta1 only
 * listed.
 */
const LEGACY_VERSIONS = [
  { name: 'v1beta1', served: false },
  { name: 'v1beta2', served: true },
] as const;

/** `kubectl get all` and Flux's own categories list them with the rest of Flux. */
const CATEGORIES = ['all', 'fluxcd', 'fluxcd-notifications'];

/** Ready, Status and Age let `kubectl get alerts` show at a glance which ones work. */
const STATUS_COLUMNS: PrinterColumn[] = [
  { name: 'Ready', type: 'string', jsonPath: '.status.conditions[?(@.type=="Ready")].status' },
  { name: 'Status', type: 'string', jsonPath: '.status.conditions[?(@.type=="Ready")].message' },
  { name: 'Age', type: 'date', jsonPath: '.metadata.creationTimestamp' },
];

function definition(
  kind: string,
  plural: string,
  schema: OpenApiSchema,
  columns: PrinterColumn[],
  storageVersion: string = API_VERSION,
): CustomResourceDefinition {
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: `${plural}.${API_GROUP}` },
    spec: {
      group: API_GROUP,
      names: {
        kind,
        listKind: `${kind}List`,
        plural,
        singular: kind.toLowerCase(),
        categories: [...CATEGORIES],
      },
      scope: 'Namespaced',
      versions: [
        ...LEGACY_VERSIONS.map(({ name, served }) => ({
          name,
          served,
          storage: false,
          ...(served && {
            deprecated: true,
            deprecationWarning: `${API_GROUP}/${name} ${kind} is deprecated, upgrade to ${storageVersion}`,
          }),
          additionalPrinterColumns: columns,
          schema: { openAPIV3Schema: schema },
          subresources: { status: {} },
        })),
        {
          name: storageVersion,
          served: true,
          storage: true,
          additionalPrinterColumns: columns,
          schema: { openAPIV3Schema: schema },
          subresources: { status: {} },
        },
      ],
    },
  };
}

/** The Alert, Provider and Receiver CRDs, built from the same schemas local mode validates with. */
export function customResourceDefinitions(): CustomResourceDefinition[] {
  return [
    // Ready says the Alert is configured right; the last dispatch says whether it delivers.
    definition(ALERT_KIND, 'alerts', alertSchema, [
      ...STATUS_COLUMNS.slice(0, 2),
      { name: 'Last Dispatch', type: 'string', jsonPath: '.status.lastDispatch.result' },
      ...STATUS_COLUMNS.slice(2),
    ]),
    definition(PROVIDER_KIND, 'providers', providerSchema, [
      { name: 'Type', type: 'string', jsonPath: '.spec.type' },
      ...STATUS_COLUMNS,
    ]),
    // Flux's own column order for Receivers: Age first.
    definition(
      RECEIVER_KIND,
      'receivers',
      receiverSchema,
      [...STATUS_COLUMNS.slice(2), ...STATUS_COLUMNS.slice(0, 2)],
      RECEIVER_API_VERSION,
    ),
  ];
}
