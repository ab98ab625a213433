import type { KeyMode } from './errors.js';
import { clone, isJsonObject, type Json } from './json.js';
import { ALL_COLLECTIONS, specForType, type CollectionName } from './schema.js';

/** A stored object plus its insertion order, the tie-breaker when `created` is equal. */
export interface StoredObject {
  readonly object: Json;
  readonly seq: number;
}

/** A collection as one mode lists it: newest first, and the position of each id in `items`. */
export interface Listing {
  readonly items: readonly StoredObject[];
  readonly positions: ReadonlyMap<string, number>;
}

export type Lookup = { kind: 'found'; object: Json } | { kind: 'other_mode' } | { kind: 'missing' };

export type StoreContents = { [Collection in CollectionName]?: readonly object[] | undefined };

/**
 * The scenario's objects, indexed by collection and id.
 *
 * References are kept as id strings, as Stripe returns them unexpanded. An
 * object written inline where Stripe would hold a reference (for instance a
 * discount object inside `subscription.discounts`) is moved into its own
 * collection and replaced by its id, so the wire format matches Stripe's.
 */
export class Store {
  private readonly collections = new Map<CollectionName, Map<string, StoredObject>>();
  private readonly listings = new Map<string, Listing>();
  private nextSeq = 0;

  constructor(
    contents: StoreContents,
    private readonly otherModeIds: ReadonlySet<string>,
  ) {
    for (const collection of ALL_COLLECTIONS) this.collections.set(collection, new Map());
    const added: Json[] = [];
    for (const collection of ALL_COLLECTIONS) {
      for (const raw of contents[collection] ?? []) added.push(this.insert(collection, clone(raw as Json)));
    }
    for (const object of added) this.collapseInlineReferences(object);
  }

  /** The stored object whatever its mode or deletion state, for internal reads. */
  raw(collection: CollectionName, id: string): Json | undefined {
    return this.table(collection).get(id)?.object;
  }

  /** An object as a key of `mode` sees it: found, existing only in the other mode, or missing. */
  lookup(collection: CollectionName, id: string, mode: KeyMode): Lookup {
    const stored = this.table(collection).get(id);
    if (stored !== undefined) {
      return isVisibleIn(stored.object, mode) ? { kind: 'found', object: stored.object } : { kind: 'other_mode' };
    }
    return this.otherModeIds.has(id) ? { kind: 'other_mode' } : { kind: 'missing' };
  }

  /**
   * Every object of a collection visible in `mode`, deleted ones included, newest first as
   * Stripe lists them, with each id's position. Sorted once: the store does not change after
   * construction, so a list page costs the page, not the collection.
   */
  listing(collection: CollectionName, mode: KeyMode): Listing {
    const key = `${collection}:${mode}`;
    let listing = this.listings.get(key);
    if (listing === undefined) {
      const items = [...this.table(collection).values()]
        .filter((stored) => isVisibleIn(stored.object, mode))
        .sort(newestFirst);
      listing = { items, positions: new Map(items.map((stored, i) => [stored.object.id as string, i])) };
      this.listings.set(key, listing);
    }
    return listing;
  }

  private table(collection: CollectionName): Map<string, StoredObject> {
    const table = this.collections.get(collection);
    if (table === undefined) throw new Error(`fake-stripe: unknown collection ${collection}`);
    return table;
  }

  private insert(collection: CollectionName, object: Json): Json {
    if (typeof object.id !== 'string') {
      throw new Error(`fake-stripe scenario: a ${collection} entry has no string id: ${JSON.stringify(object)}`);
    }
    this.table(collection).set(object.id, { object, seq: this.nextSeq++ });
    this.listings.clear();
    return object;
  }

  /** Replaces inline objects in reference fields by their ids, storing the objects. */
  private collapseInlineReferences(object: Json): void {
    const spec = specForType(object.object);
    if (spec === undefined) return;
    for (const [path, target] of Object.entries(spec.expandable)) {
      if (target === null) continue;
      replaceAtPath(object, path, (value) => this.referenceTo(target, value));
    }
    // Embedded Stripe objects (e.g. customer.discount) hold references of their own.
    for (const value of Object.values(object)) {
      if (isJsonObject(value) && specForType(value.object) !== undefined) this.collapseInlineReferences(value);
    }
  }

  private referenceTo(target: CollectionName, value: unknown): unknown {
    if (Array.isArray(value)) return value.map((item) => this.referenceTo(target, item));
    if (!isJsonObject(value) || typeof value.id !== 'string') return value;
    if (this.table(target).get(value.id) === undefined) {
      this.collapseInlineReferences(this.insert(target, value));
    }
    return value.id;
  }
}

/** An object without `livemode` (e.g. a deleted-customer stub) is visible in both modes. */
function isVisibleIn(object: Json, mode: KeyMode): boolean {
  return typeof object.livemode !== 'boolean' || object.livemode === (mode === 'live');
}

function newestFirst(a: StoredObject, b: StoredObject): number {
  return createdOf(b) - createdOf(a) || b.seq - a.seq;
}

function createdOf(stored: StoredObject): number {
  return typeof stored.object.created === 'number' ? stored.object.created : 0;
}

function replaceAtPath(object: Json, path: string, replace: (value: unknown) => unknown): void {
  const [head, ...rest] = path.split('.');
  if (head === undefined || !(head in object)) return;
  if (rest.length === 0) {
    object[head] = replace(object[head]);
    return;
  }
  const child = object[head];
  if (isJsonObject(child)) replaceAtPath(child, rest.join('.'), replace);
}
