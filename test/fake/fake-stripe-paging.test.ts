/**
 * The fake Stripe API's list paging walks a sorted listing from the cursor instead of
 * sorting and filtering the whole collection per page. These tests hold it to the plain
 * definition (sort everything, drop deleted and filtered-out objects, cut at the cursor),
 * over random collections, and at the edges through the real SDK.
 * Pagination contract: https://docs.stripe.com/api/pagination
 */
import fc from 'fast-check';
import Stripe from 'stripe';
import { afterEach, describe, expect, it } from 'vitest';
import { SEED } from '../helpers/arbitraries.js';
import * as build from '../support/builders.js';
import { DEFAULT_KEY, startFakeStripe, type FakeStripe } from '../support/fakeStripe.js';
import { StripeApiError, type KeyMode } from '../support/fakeStripe/errors.js';
import type { Json } from '../support/fakeStripe/json.js';
import { LIST_ENDPOINTS, selectPage } from '../support/fakeStripe/lists.js';
import { parseQuery } from '../support/fakeStripe/query.js';
import { Store } from '../support/fakeStripe/store.js';

interface Code {
  id: string;
  object: 'promotion_code';
  created: number;
  active: boolean;
  livemode: boolean;
  deleted?: true;
}

type Page = { items: string[]; hasMore: boolean } | { error: string };

/** The definition the fake must agree with: the whole collection, sorted and filtered, cut at the cursor. */
function referencePage(codes: readonly Code[], params: Record<string, string>, mode: KeyMode): Page {
  const visible = codes
    .map((code, seq) => ({ code, seq }))
    .filter(({ code }) => code.livemode === (mode === 'live'))
    .sort((a, b) => b.code.created - a.code.created || b.seq - a.seq);
  const position = (id: string) => visible.findIndex(({ code }) => code.id === id);
  const limit = Number(params.limit ?? 10);
  const listed = (i: number) => {
    const code = visible[i]!.code;
    return code.deleted !== true && (params.active === undefined || String(code.active) === params.active);
  };
  const indexes = visible.map((_, i) => i).filter(listed);
  const cursor = params.starting_after ?? params.ending_before;
  if (cursor !== undefined && position(cursor) === -1) return { error: 'resource_missing' };
  if (params.starting_after !== undefined) {
    const older = indexes.filter((i) => i > position(params.starting_after!));
    return { items: older.slice(0, limit).map((i) => visible[i]!.code.id), hasMore: older.length > limit };
  }
  if (params.ending_before !== undefined) {
    const newer = indexes.filter((i) => i < position(params.ending_before!));
    return { items: newer.slice(-limit).map((i) => visible[i]!.code.id), hasMore: newer.length > limit };
  }
  return { items: indexes.slice(0, limit).map((i) => visible[i]!.code.id), hasMore: indexes.length > limit };
}

function fakePage(store: Store, params: Record<string, string>, mode: KeyMode): Page {
  try {
    const page = selectPage(
      LIST_ENDPOINTS.promotionCodes!,
      parseQuery(new URLSearchParams(params).toString()),
      store,
      mode,
    );
    return { items: page.items.map((item) => item.id as string), hasMore: page.hasMore };
  } catch (error) {
    if (error instanceof StripeApiError) return { error: error.body.code ?? 'unknown' };
    throw error;
  }
}

/** True about once in `n` draws. */
const oneIn = (n: number) => fc.integer({ min: 1, max: n }).map((k) => k === 1);

// A few `created` values, so equal timestamps (ordered by insertion) are common; most codes
// listed, so pages are full and has_more is often true.
const codesArbitrary = fc
  .array(
    fc.record({
      created: fc.integer({ min: 1, max: 6 }),
      active: oneIn(4).map((inactive) => !inactive),
      livemode: oneIn(5),
      deleted: oneIn(6),
    }),
    { maxLength: 40, size: 'max' },
  )
  .map((specs) =>
    specs.map(
      ({ deleted, ...spec }, i): Code => ({
        id: `promo_${i}`,
        object: 'promotion_code',
        ...spec,
        ...(deleted ? { deleted: true as const } : {}),
      }),
    ),
  );

describe('fake Stripe list paging agrees with the plain definition', () => {
  it('for every cursor, direction, limit, filter and mode, deleted objects included', () => {
    fc.assert(
      fc.property(
        codesArbitrary,
        fc.constantFrom<KeyMode>('test', 'live'),
        fc.integer({ min: 1, max: 7 }),
        fc.constantFrom(undefined, 'true', 'false'),
        fc.constantFrom('none', 'starting_after', 'ending_before'),
        fc.nat(),
        (codes, mode, limit, active, direction, pick) => {
          const store = new Store({ promotionCodes: codes }, new Set());
          const params: Record<string, string> = { limit: String(limit) };
          if (active !== undefined) params.active = active;
          // Any id may be the cursor: listed, deleted, filtered out, or of the other mode (an error).
          if (direction !== 'none')
            params[direction] = codes.length === 0 ? 'promo_none' : codes[pick % codes.length]!.id;
          expect(fakePage(store, params, mode)).toEqual(referencePage(codes, params, mode));
          // The listing is cached per store: a second page from the same store agrees too.
          expect(fakePage(store, { limit: '3' }, mode)).toEqual(referencePage(codes, { limit: '3' }, mode));
        },
      ),
      { seed: SEED, numRuns: 300 },
    );
  });
});

describe('fake Stripe list paging at the edges', () => {
  const running: FakeStripe[] = [];
  afterEach(async () => {
    await Promise.all(running.splice(0).map((fake) => fake.close()));
  });
  async function sdk(codes: Json[]): Promise<Stripe> {
    const fake = await startFakeStripe({ promotionCodes: codes });
    running.push(fake);
    return new Stripe(DEFAULT_KEY, { host: '127.0.0.1', port: fake.port, protocol: 'http', maxNetworkRetries: 0 });
  }
  const ids = (list: { data: Array<{ id: string }> }): string[] => list.data.map((item) => item.id);
  // promo_4 is the newest; ties on `created` list the later-inserted first.
  const codes = (): Json[] =>
    [1, 2, 2, 3, 4].map(
      (created, i) => build.promotionCode({ id: `promo_${i}`, code: `C${i}`, created }) as unknown as Json,
    );

  it('a page that ends exactly at the last object has no more', async () => {
    const stripe = await sdk(codes());
    const first = await stripe.promotionCodes.list({ limit: 5 });
    expect(ids(first)).toEqual(['promo_4', 'promo_3', 'promo_2', 'promo_1', 'promo_0']);
    expect(first.has_more).toBe(false);
    const last = await stripe.promotionCodes.list({ limit: 2, starting_after: 'promo_2' });
    expect(ids(last)).toEqual(['promo_1', 'promo_0']);
    expect(last.has_more).toBe(false);
  });

  it('after the oldest and before the newest, the page is empty', async () => {
    const stripe = await sdk(codes());
    const after = await stripe.promotionCodes.list({ starting_after: 'promo_0' });
    expect(after).toMatchObject({ data: [], has_more: false });
    const before = await stripe.promotionCodes.list({ ending_before: 'promo_4' });
    expect(before).toMatchObject({ data: [], has_more: false });
  });

  it('ending_before returns the objects just newer than the cursor, newest first', async () => {
    const stripe = await sdk(codes());
    const back = await stripe.promotionCodes.list({ limit: 2, ending_before: 'promo_1' });
    expect(ids(back)).toEqual(['promo_3', 'promo_2']);
    expect(back.has_more).toBe(true);
  });

  it('a filtered-out cursor still marks its place, and filters skip within the walk', async () => {
    const listed = codes();
    listed[2] = { ...listed[2]!, active: false };
    const stripe = await sdk(listed);
    const page = await stripe.promotionCodes.list({ active: true, limit: 1, starting_after: 'promo_2' });
    expect(ids(page)).toEqual(['promo_1']);
    expect(page.has_more).toBe(true);
  });

  it('pages expand each object of the page only', async () => {
    const coupon = build.coupon({ id: 'CPN' });
    const listed = [1, 2, 2, 3, 4].map(
      (created, i) => build.promotionCode({ id: `promo_${i}`, created, coupon: 'CPN' }) as unknown as Json,
    );
    const fake = await startFakeStripe({ promotionCodes: listed, coupons: [coupon] });
    running.push(fake);
    const stripe = new Stripe(DEFAULT_KEY, {
      host: '127.0.0.1',
      port: fake.port,
      protocol: 'http',
      maxNetworkRetries: 0,
    });
    const page = await stripe.promotionCodes.list({
      limit: 2,
      starting_after: 'promo_3',
      expand: ['data.promotion.coupon'],
    });
    expect(ids(page)).toEqual(['promo_2', 'promo_1']);
    expect(page.data.map((code) => (code.promotion.coupon as Stripe.Coupon).id)).toEqual(['CPN', 'CPN']);
  });
});
