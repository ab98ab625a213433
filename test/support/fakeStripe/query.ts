/**
 * Stripe's form-style query strings: `created[gt]=1`, `expand[0]=a`,
 * `expand[]=a`. stripe-node sends brackets unencoded and arrays indexed
 * (`expand[0]=…&expand[1]=…`); curl users and other clients send `expand[]=`
 * or percent-encoded brackets. All of these are accepted.
 */

export interface ParsedQuery {
  /** Every parameter except `expand`, keyed by its decoded name (`created[gt]`); repeats become arrays. */
  flat: Record<string, string | string[]>;
  /** `expand` paths in the order they were sent. */
  expand: string[];
  /** Top-level parameter names (`created` for `created[gt]`), expand included. */
  topLevelNames: Set<string>;
}

const EXPAND_KEY = /^expand(?:\[\d*\])?$/;

export function parseQuery(search: string): ParsedQuery {
  const flat: Record<string, string | string[]> = {};
  const expand: string[] = [];
  const topLevelNames = new Set<string>();
  for (const [key, value] of new URLSearchParams(search)) {
    topLevelNames.add(topLevelName(key));
    if (EXPAND_KEY.test(key)) {
      expand.push(value);
      continue;
    }
    const existing = flat[key];
    if (existing === undefined) flat[key] = value;
    else flat[key] = Array.isArray(existing) ? [...existing, value] : [existing, value];
  }
  return { flat, expand, topLevelNames };
}

/** `created[gt]` -> `created`. */
export function topLevelName(key: string): string {
  const bracket = key.indexOf('[');
  return bracket === -1 ? key : key.slice(0, bracket);
}

/** A single-valued parameter; the last one wins when a client repeats it. */
export function single(query: ParsedQuery, key: string): string | undefined {
  const value = query.flat[key];
  return Array.isArray(value) ? value[value.length - 1] : value;
}
