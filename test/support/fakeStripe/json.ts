/** Small helpers for walking raw Stripe JSON. */

export type Json = Record<string, unknown>;

export function isJsonObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function clone<T>(value: T): T {
  return structuredClone(value);
}

/** The id of a reference, whether it is still an id string or an already expanded object. */
export function refId(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (isJsonObject(value) && typeof value.id === 'string') return value.id;
  return undefined;
}

/** Value at a dotted path, or undefined when any step is missing. */
export function getPath(object: Json, path: string): unknown {
  let current: unknown = object;
  for (const segment of path.split('.')) {
    if (!isJsonObject(current)) return undefined;
    current = current[segment];
  }
  return current;
}

/** Calls `update` with the parent object and last key of a dotted path, if the parent exists. */
export function atPath(object: Json, path: string, update: (parent: Json, key: string) => void): void {
  const segments = path.split('.');
  const last = segments.pop();
  if (last === undefined) return;
  let parent: unknown = object;
  for (const segment of segments) {
    if (!isJsonObject(parent)) return;
    parent = parent[segment];
  }
  if (isJsonObject(parent)) update(parent, last);
}

export function deletePath(object: Json, path: string): void {
  atPath(object, path, (parent, key) => {
    delete parent[key];
  });
}
