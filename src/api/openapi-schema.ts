/**
 * The subset of OpenAPI v3 that CRD schemas allow (structural: every node typed), and that ajv
 * checks in local mode. Readonly: the schemas are shared constants.
 */
export interface OpenApiSchema {
  readonly type: 'object' | 'array' | 'string' | 'integer' | 'number' | 'boolean';
  readonly description?: string;
  readonly properties?: Readonly<Record<string, OpenApiSchema>>;
  /** Only for maps: CRD schemas forbid it beside `properties`. */
  readonly additionalProperties?: OpenApiSchema;
  readonly items?: OpenApiSchema;
  readonly required?: readonly string[];
  readonly enum?: readonly string[];
  readonly pattern?: string;
  readonly minLength?: number;
  readonly maxLength?: number;
  readonly minimum?: number;
  readonly minItems?: number;
  readonly maxItems?: number;
  readonly maximum?: number;
  readonly format?: 'date-time' | 'int64';
  readonly default?: string;
  readonly 'x-kubernetes-list-type'?: 'atomic' | 'set' | 'map';
  readonly 'x-kubernetes-list-map-keys'?: readonly string[];
  /** CEL rules the API server checks (local mode: readiness makes the same checks). */
  readonly 'x-kubernetes-validations'?: readonly {
    readonly rule: string;
    readonly message: string;
  }[];
}
