/**
 * Stripe's `expand[]`: dotted paths that replace id strings by the objects
 * they name, and that switch on "includable" fields, which Stripe leaves out
 * of a response unless they are expanded (coupon `applies_to` and
 * `currency_options`, promotion code `restrictions.currency_options`, …).
 * https://docs.stripe.com/expand ; stripe/stripe-node#2234, stripe/stripe-java#1317.
 */
import { StripeApiError, cannotExpand, expandTooDeep, type KeyMode } from './errors.js';
import { clone, deletePath, getPath, isJsonObject, type Json } from './json.js';
import { specForType, type CollectionName, type ObjectSpec } from './schema.js';
import type { Store } from './store.js';

/** Stripe refuses paths longer than this; on lists the leading `data` counts. */
const MAX_EXPAND_DEPTH = 4;

export interface ExpandContext {
  store: Store;
  mode: KeyMode;
  /** Throws when the caller's key may not read objects of `collection`. */
  authorizeRead(collection: CollectionName): void;
}

/** Where the walk stands: the Stripe object owning the current node and the path inside it. */
interface Position {
  spec: ObjectSpec | undefined;
  owner: Json;
  relativePath: string;
  walked: readonly string[];
}

/** A stored object as Stripe sends it unexpanded: a copy without its includable fields. */
export function present(stored: Json): Json {
  const copy = clone(stored);
  for (const path of specForType(copy.object)?.includable ?? []) deletePath(copy, path);
  return copy;
}

/** Applies `expand[]` paths to a presented object, in place. */
export function expandObject(object: Json, paths: readonly string[], context: ExpandContext): void {
  for (const path of paths) {
    const segments = splitPath(path);
    expandAt(object, segments, positionOf(object, []), context);
  }
}

/** Applies `expand[]` paths to a list response; every path must start with `data`. */
export function expandList(list: Json, itemType: string, paths: readonly string[], context: ExpandContext): void {
  const items = Array.isArray(list.data) ? list.data.filter(isJsonObject) : [];
  for (const path of paths) {
    const [first, ...rest] = splitPath(path);
    if (first !== 'data') throw cannotExpand(first ?? path, listSuggestion(itemType, first));
    if (rest.length === 0) throw cannotExpand('data');
    for (const item of items) expandAt(item, rest, positionOf(item, ['data']), context);
  }
}

function splitPath(path: string): string[] {
  const segments = path.split('.');
  if (segments.some((segment) => segment === '')) throw cannotExpand(path);
  if (segments.length > MAX_EXPAND_DEPTH) throw expandTooDeep(path);
  return segments;
}

function expandAt(node: Json, segments: readonly string[], position: Position, context: ExpandContext): void {
  const [segment, ...rest] = segments;
  if (segment === undefined) return;
  const walked = [...position.walked, segment];
  const relativePath = position.relativePath === '' ? segment : `${position.relativePath}.${segment}`;
  const spec = position.spec;

  if (spec !== undefined && Object.hasOwn(spec.expandable, relativePath)) {
    node[segment] = resolveReference(node[segment], spec.expandable[relativePath] ?? null, context);
    forEachObject(node[segment], (child) => expandAt(child, rest, positionOf(child, walked), context));
    return;
  }
  // biome-ignore lint/complexity/useOptionalChain: the explicit test narrows spec for includeField below
  const includable = spec !== undefined && spec.includable.includes(relativePath);
  if (includable) includeField(node, segment, spec, position.owner, relativePath, context);
  else if (rest.length === 0) throw cannotExpand(walked.join('.'));
  if (rest.length > 0) walkInto(node[segment], rest, { ...position, relativePath, walked }, includable, context);
}

/** Continues a path through an embedded hash (`promotion`, `restrictions`, `source`) or object (`discount`). */
function walkInto(
  child: unknown,
  rest: readonly string[],
  position: Position,
  includable: boolean,
  context: ExpandContext,
): void {
  const path = position.walked.join('.');
  if (child === undefined && !includable) throw cannotExpand(path);
  if (child === undefined || child === null) return;
  let descended = false;
  forEachObject(child, (element) => {
    descended = true;
    const next = specForType(element.object) !== undefined ? positionOf(element, position.walked) : position;
    expandAt(element, rest, next, context);
  });
  // A scalar cannot be walked into: Stripe names the path up to it. An empty list can
  // (a session's `discounts: []` with expand[]=discounts.coupon is answered as is).
  if (!descended && !Array.isArray(child)) throw cannotExpand(path);
}

function positionOf(object: Json, walked: readonly string[]): Position {
  return { spec: specForType(object.object), owner: object, relativePath: '', walked };
}

/** Replaces an id (or each id of an array) by the presented object it names. */
function resolveReference(value: unknown, target: CollectionName | null, context: ExpandContext): unknown {
  if (Array.isArray(value)) return value.map((item) => resolveReference(item, target, context));
  // null stays null; an object is already expanded (two paths through the same field).
  if (typeof value !== 'string') return value;
  // Stripe would expand it, but the fake stores no such objects: the id is left as is.
  if (target === null) return value;
  context.authorizeRead(target);
  const lookup = context.store.lookup(target, value, context.mode);
  if (lookup.kind !== 'found') {
    throw new StripeApiError(500, {
      type: 'api_error',
      message: `fake-stripe scenario error: '${value}' is referenced but no ${target} object with that id exists in ${context.mode} mode.`,
    });
  }
  return present(lookup.object);
}

/** Copies an includable field from the stored object into the response node. */
function includeField(
  node: Json,
  segment: string,
  spec: ObjectSpec,
  owner: Json,
  relativePath: string,
  context: ExpandContext,
): void {
  const id = owner.id;
  const stored = typeof id === 'string' ? context.store.raw(spec.collection, id) : undefined;
  const value = stored === undefined ? undefined : getPath(stored, relativePath);
  if (value !== undefined) node[segment] = clone(value);
}

function forEachObject(value: unknown, visit: (object: Json) => void): void {
  if (Array.isArray(value)) value.filter(isJsonObject).forEach(visit);
  else if (isJsonObject(value)) visit(value);
}

/** On a list, Stripe suggests `data.<field>` when the field exists on the items. */
function listSuggestion(itemType: string, first: string | undefined): string | undefined {
  const spec = specForType(itemType);
  if (spec === undefined || first === undefined) return undefined;
  const known = [...Object.keys(spec.expandable), ...spec.includable].some(
    (path) => path === first || path.startsWith(`${first}.`),
  );
  return known ? `data.${first}` : undefined;
}
