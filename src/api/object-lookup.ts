/** Finds an object by namespace and name, in a cache or a loaded object set. */
export type ObjectLookup<T> = (namespace: string, name: string) => T | undefined;
