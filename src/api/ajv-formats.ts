import formatsPlugin from 'ajv-formats';

/**
 * ajv-formats is CommonJS with a `default` export; under `nodenext` the default import is the
 * module object, so pick the function whichever way it arrives.
 */
type FormatsPlugin = typeof formatsPlugin.default;
const plugin: FormatsPlugin =
  (formatsPlugin as unknown as { default?: FormatsPlugin }).default ??
  (formatsPlugin as unknown as FormatsPlugin);

export const addFormats: FormatsPlugin = plugin;
