import { ALERT_KIND } from './alert.js';
import { alertSchema } from './alert-schema.js';
import { API_GROUP, API_VERSION } from './group-version.js';
import type { OpenApiSchema } from './openapi-schema.js';
import { PROVIDER_KIND } from './provider.js';
import { providerSchema } from './provider-schema.js';

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
        {
          name: API_VERSION,
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

/** The Alert and Provider CRDs, built from the same schemas local mode validates with. */
export function customResourceDefinitions(): CustomResourceDefinition[] {
  return [
    definition(ALERT_KIND, 'alerts', alertSchema, STATUS_COLUMNS),
    definition(PROVIDER_KIND, 'providers', providerSchema, [
      { name: 'Type', type: 'string', jsonPath: '.spec.type' },
      ...STATUS_COLUMNS,
    ]),
  ];
}
