/**
 * End to end: `customer`, `check` and `coupon` with `--history`, in process against the fake,
 * on a virtual clock at AT: what a person reads (the stopped discount, the History section) and
 * the JSON document, and the flag refused where it means nothing.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as build from '../support/builders.js';
import { VirtualClock } from '../helpers/clock.js';
import { expectOnlyGets, jsonDoc, runAgainst, startFake, stopFakes } from '../helpers/liveStripe.js';
import { AT, AT_ISO, DAY } from '../helpers/time.js';

beforeEach(() => build.resetBuilderIds());
afterEach(stopFakes);

const clock = () => new VirtualClock(AT * 1000);

function scenario() {
  return {
    coupons: [build.coupon({ id: 'FOREVER10', duration: 'forever' })],
    customers: [build.customer({ id: 'cus_1' })],
    invoices: [
      build.invoice({
        id: 'in_last',
        customer: 'cus_1',
        discounts: [
          build.discount({ id: 'di_old', coupon: 'FOREVER10', customer: 'cus_1', subscription: 'sub_1' }),
        ] as never,
      }),
    ],
    subscriptions: [
      build.subscription({ id: 'sub_1', customer: 'cus_1', status: 'active', latest_invoice: 'in_last' }),
    ],
    events: [
      {
        id: 'evt_removed',
        object: 'event',
        created: AT - 2 * DAY,
        type: 'customer.discount.deleted',
        data: {
          object: {
            id: 'di_old',
            object: 'discount',
            customer: 'cus_1',
            subscription: 'sub_1',
            source: { type: 'coupon', coupon: 'FOREVER10' },
            start: AT - 60 * DAY,
            end: null,
          },
        },
        request: { id: 'req_removed', idempotency_key: null },
      },
    ],
  };
}

describe('customer --history', () => {
  it('says the discount stopped, when it was removed and by whom; exit 0', async () => {
    const fake = await startFake(scenario());
    const result = await runAgainst(fake, ['customer', 'cus_1', '--history', '--at', AT_ISO], { clock: clock() });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('Discount di_old on subscription sub_1: – stopped');
    expect(result.stdout.replace(/\s+/g, ' ')).toContain(
      'It was removed on 2026-05-30 by a request from the Dashboard or the API (its request log tells which) (request req_removed).',
    );
    expect(result.stdout).toContain('History: events since 2026-05-02');
    expect(result.stdout.replace(/\s+/g, ' ')).toContain(
      '2026-05-30: discount di_old (coupon FOREVER10) on sub_1 removed by a request from the Dashboard or the API (request req_removed); event evt_removed.',
    );
    expectOnlyGets(fake);
  });

  it('without --history: the stopped discount, a hint at --history, and no events read', async () => {
    const fake = await startFake(scenario());
    const result = await runAgainst(fake, ['customer', 'cus_1', '--at', AT_ISO], { clock: clock() });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('– stopped');
    expect(result.stdout).toContain('--history reads the last 30 days of events');
    expect(result.stdout).not.toContain('History:');
    expect(fake.requests.some((r) => r.path === '/v1/events')).toBe(false);
  });

  it('--json: stopped_discounts and history in the document', async () => {
    const fake = await startFake(scenario());
    const result = await runAgainst(fake, ['customer', 'cus_1', '--history', '--json', '--at', AT_ISO], {
      clock: clock(),
    });
    const doc = jsonDoc(result);
    expect(doc.stopped_discounts?.map((s) => s.discount.id)).toEqual(['di_old']);
    expect(doc.history?.events.map((e) => e.id)).toEqual(['evt_removed']);
    expect(doc.history?.since_iso).toBe('2026-05-02T00:00:00Z');
  });
});

describe('check --history and coupon --history', () => {
  it('check: a code with no event in 30 days says whatever ended it is older', async () => {
    const fake = await startFake({
      coupons: [build.coupon({ id: 'C1' })],
      promotionCodes: [build.promotionCode({ id: 'promo_1', code: 'OLD', coupon: 'C1', active: false })],
    });
    const result = await runAgainst(fake, ['check', 'promo_1', '--history', '--at', AT_ISO], { clock: clock() });
    expect(result.code, result.stderr).toBe(1);
    expect(result.stdout.replace(/\s+/g, ' ')).toContain(
      'No event about it since 2026-05-02 (the 30 days Stripe keeps): whatever ended it is older, or never happened.',
    );
  });

  it('coupon: a deleted coupon with its deletion event is coupon_deleted (exit 1), not bad input', async () => {
    const fake = await startFake({
      events: [
        {
          id: 'evt_del',
          object: 'event',
          created: AT - DAY,
          type: 'coupon.deleted',
          data: { object: { id: 'GONE10', object: 'coupon' } },
          request: { id: 'req_del', idempotency_key: null },
        },
      ],
    });
    const deleted = await runAgainst(fake, ['coupon', 'GONE10', '--history', '--at', AT_ISO], { clock: clock() });
    expect(deleted.code, deleted.stderr).toBe(1);
    expect(deleted.stdout).toContain('Coupon deleted');
    expect(deleted.stdout).toContain('coupon GONE10 deleted by a request from the Dashboard or the API');
    const unknown = await runAgainst(fake, ['coupon', 'GONE10', '--at', AT_ISO], { clock: clock() });
    expect(unknown.code).toBe(2);
  });
});
