type SchemaNode = Readonly<Record<string, unknown>>;

function isSchemaNode(value: unknown): value is SchemaNode {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * A copy of a schema in which every object with `properties` refuses other fields. The API
 * server prunes unknown fields of custom resources and kubectl (strict field validation) reports
 * them; local mode has only the schema, so it reports them too: a typo such as `eventSeverty`
 * would otherwise pass silently. CRD schemas cannot say this themselves (no
 * `additionalProperties` beside `properties`), hence the copy.
 */
export function closeSchema(schema: SchemaNode): SchemaNode {
  const copy: Record<string, unknown> = { ...schema };
  const properties = schema.properties;
  if (isSchemaNode(properties)) {
    copy.properties = Object.fromEntries(
      Object.entries(properties).map(([name, sub]) => [
        name,
        isSchemaNode(sub) ? closeSchema(sub) : sub,
      ]),
    );
    copy.additionalProperties ??= false;
  }
  for (const key of ['items', 'additionalProperties'] as const) {
    const sub = schema[key];
    if (isSchemaNode(sub)) copy[key] = closeSchema(sub);
  }
  return copy;
}
