/**
 * End to end: `promo-doctor check` (main() in-process, test/helpers/cli.ts), talking to the
 * loopback fake Stripe API through STRIPE_API_BASE.
 *
 * Every run pins the clock with --at, validates each --json document against the published
 * schema, checks that only GET requests reached the fake, and that the key never shows.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as build from '../support/builders.js';
import type { FakeStripe } from '../support/fakeStripe.js';
import { REASON_CASES, cliFlags } from '../helpers/reasonCases.js';
import {
  FULL_HISTORY_EVIDENCE,
  fakeAccount,
  firstTimeScenario,
  fullHistory,
  sharedCodeScenario,
} from '../helpers/scenarios.js';
import {
  codesOf,
  expectFailure,
  expectNoLeak,
  expectOnlyGets,
  jsonDoc,
  onlyFinding,
  runAgainst,
  startFake,
  stopFakes,
} from '../helpers/liveStripe.js';
import { objectEvidence } from '../helpers/model.js';
import { AT_ISO, AT_FLAG as AT } from '../helpers/time.js';

beforeEach(() => build.resetBuilderIds());
afterEach(stopFakes);

function expectRequests(fake: FakeStripe, count: number): void {
  expectOnlyGets(fake);
  expect(fake.requests.map((r) => `${r.method} ${r.path}`)).toHaveLength(count);
}

describe('check --json: every reason code reachable through the API', () => {
  it.each(REASON_CASES.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    const fake = await startFake(c.scenario());
    const result = await runAgainst(fake, ['check', c.target, ...AT, '--json', ...cliFlags(c.flags)]);
    const doc = jsonDoc(result);
    expect([...codesOf(doc.reasons)].sort()).toEqual([...c.codes].sort());
    expect(doc.verdict).toBe(c.verdict);
    expect(doc.evaluated_at).toBe(AT_ISO);
    expect(result.code, result.stderr).toBe(c.verdict === 'not_redeemable' ? 1 : 0);
    expectRequests(fake, c.requests);
  });
});

describe('check: finding the code', () => {
  it('by customer-facing code, case-insensitively: target carries the code, one list request', async () => {
    const fake = await startFake(fakeAccount({ coupon: { id: 'C25' }, code: { id: 'promo_sp', code: 'SPRING-SALE' } }));
    const result = await runAgainst(fake, ['check', 'spring-sale', ...AT, '--json']);
    const doc = jsonDoc(result);
    expect(result.code).toBe(0);
    expect(doc.target).toMatchObject({ type: 'promotion_code', id: 'promo_sp', code: 'SPRING-SALE' });
    expect(doc.verdict).toBe('redeemable');
    expectRequests(fake, 1);
    expect(fake.requests[0]!.path).toBe('/v1/promotion_codes');
    expect(fake.requests[0]!.query.code).toBe('spring-sale');
  });

  it('a code that does not exist: promotion_code_not_found, exit 1, in human output too', async () => {
    const fake = await startFake({});
    const result = await runAgainst(fake, ['check', 'GHOST10', ...AT]);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('✗ Promotion code not found: ');
    expect(result.stdout).toContain('GHOST10');
    expectNoLeak(result);
    expectRequests(fake, 1);
  });

  it('an id of the other mode: livemode_mismatch with both modes in the evidence, exit 1', async () => {
    const fake = await startFake({ otherModeIds: ['promo_LiveOnly'] });
    const result = await runAgainst(fake, ['check', 'promo_LiveOnly', ...AT, '--json']);
    const doc = jsonDoc(result);
    expect(result.code).toBe(1);
    expect(onlyFinding(doc.reasons, 'livemode_mismatch').evidence).toMatchObject({
      key_mode: 'test',
      object_mode: 'live',
    });
    expectRequests(fake, 1);
  });
});

describe('check: several promotion codes sharing one customer-facing code', () => {
  it('without --customer: matches hold both, the customer-restricted one is selected (conditional, exit 0)', async () => {
    const fake = await startFake(sharedCodeScenario());
    const result = await runAgainst(fake, ['check', 'shared', ...AT, '--json']);
    const doc = jsonDoc(result);
    expect(result.code).toBe(0);
    expect(doc.target.code).toBe('shared');
    expect(doc.matches?.map((m) => m.target.id).sort()).toEqual(['promo_archived', 'promo_vip']);
    for (const match of doc.matches ?? []) expect(match.matches).toBeUndefined();
    expect(doc.selected).toBe('promo_vip');
    expect(doc.verdict).toBe('conditional');
    expect(codesOf(doc.reasons)).toEqual(['restricted_to_customer']);
    const archived = doc.matches!.find((m) => m.target.id === 'promo_archived')!;
    expect(codesOf(archived.reasons)).toEqual(['promotion_code_inactive']);
    expectRequests(fake, 1);
  });

  it('with the --customer it is restricted to: that one is selected, redeemable, exit 0', async () => {
    const fake = await startFake(sharedCodeScenario());
    const result = await runAgainst(fake, ['check', 'SHARED', '--customer', 'cus_vip', ...AT, '--json']);
    const doc = jsonDoc(result);
    expect(result.code).toBe(0);
    expect(doc.selected).toBe('promo_vip');
    expect(doc.verdict).toBe('redeemable');
    expect(doc.reasons).toEqual([]);
    expect(doc.matches).toHaveLength(2);
    expectRequests(fake, 2);
  });

  it('with another --customer: not redeemable (exit 1), customer_mismatch on the restricted match', async () => {
    const fake = await startFake(sharedCodeScenario());
    const result = await runAgainst(fake, ['check', 'SHARED', '--customer', 'cus_other', ...AT, '--json']);
    const doc = jsonDoc(result);
    expect(result.code).toBe(1);
    expect(doc.verdict).toBe('not_redeemable');
    const vip = doc.matches!.find((m) => m.target.id === 'promo_vip')!;
    expect(codesOf(vip.reasons)).toEqual(['customer_mismatch']);
    expectRequests(fake, 2);
  });

  it('human output names every match', async () => {
    const fake = await startFake(sharedCodeScenario());
    const result = await runAgainst(fake, ['check', 'SHARED', ...AT]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('promo_vip');
    expect(result.stdout).toContain('promo_archived');
    expectNoLeak(result);
  });
});

describe('check: the redeeming customer and its history', () => {
  it('a --customer that does not exist: exit 2, one sentence, nothing on stdout', async () => {
    const fake = await startFake(firstTimeScenario());
    const result = await runAgainst(fake, ['check', 'promo_new', '--customer', 'cus_nobody', ...AT, '--json']);
    expectFailure(result, 2, /cus_nobody/);
    expectOnlyGets(fake);
  });

  it('a deleted redeeming customer: customer_deleted, exit 1', async () => {
    const fake = await startFake(firstTimeScenario({ customers: [build.deletedCustomer('cus_gone')] }));
    const result = await runAgainst(fake, ['check', 'promo_new', '--customer', 'cus_gone', ...AT, '--json']);
    const doc = jsonDoc(result);
    expect(result.code).toBe(1);
    expect(onlyFinding(doc.reasons, 'customer_deleted').evidence).toEqual({ customer: 'cus_gone', role: 'redeeming' });
    expectRequests(fake, 2);
  });

  it('first-time code and a customer with history: every disqualifying item in the evidence, with its status', async () => {
    const fake = await startFake(firstTimeScenario(fullHistory()), { latencyMs: 100 });
    const result = await runAgainst(fake, ['check', 'WELCOME', '--customer', 'cus_h', ...AT, '--json']);
    const doc = jsonDoc(result);
    expect(result.code).toBe(1);
    const evidence = onlyFinding(doc.reasons, 'customer_has_prior_transactions').evidence as {
      transactions: Array<{ id: string; status: string; rule: string }>;
    };
    expect(evidence.transactions.map((t) => `${t.id}:${t.status}`).sort()).toEqual(FULL_HISTORY_EVIDENCE);
    expect(Object.fromEntries(evidence.transactions.map((t) => [t.id, t.rule]))).toEqual({
      ch_paid: 'successful_payment_or_invoice',
      pi_started: 'payment_intent_initiated',
      in_open: 'invoice_exists',
      sub_canceled: 'subscription_exists',
      sub_trial: 'subscription_exists',
    });
    // docs/architecture.md, Requests, cost and start-up: the code (with its coupon) and the customer in parallel, then the four history lists in parallel.
    expectRequests(fake, 6);
    expect(fake.roundTrips()).toBeLessThanOrEqual(2);
  });

  it('the same in human output: the ids of the evidence are shown', async () => {
    const fake = await startFake(firstTimeScenario(fullHistory()));
    const result = await runAgainst(fake, ['check', 'promo_new', '--customer', 'cus_h', ...AT]);
    expect(result.code).toBe(1);
    for (const id of ['Not a first-time customer', 'ch_paid', 'pi_started', 'in_open', 'sub_canceled', 'sub_trial'])
      expect(result.stdout).toContain(id);
    expect(result.stdout).not.toContain('in_draft');
    expect(result.stdout).not.toContain('ch_failed');
    expectNoLeak(result);
  });

  it('first-time code without --customer: conditional (exit 0), no history read; --strict makes it exit 1', async () => {
    const fake = await startFake(firstTimeScenario(fullHistory()));
    const result = await runAgainst(fake, ['check', 'promo_new', ...AT, '--json']);
    const doc = jsonDoc(result);
    expect(result.code).toBe(0);
    expect(codesOf(doc.reasons)).toEqual(['first_time_customers_only']);
    expectRequests(fake, 1);
    const strict = await runAgainst(fake, ['check', 'promo_new', ...AT, '--json', '--strict']);
    expect(strict.code).toBe(1);
    jsonDoc(strict);
  });

  it('a code without the first-time restriction: the history is never read', async () => {
    const fake = await startFake(
      fakeAccount({
        coupon: { id: 'ANY' },
        code: { id: 'promo_any' },
        customers: ['cus_h'],
        extra: { charges: [build.charge({ id: 'ch_paid', customer: 'cus_h' })] },
      }),
    );
    const result = await runAgainst(fake, ['check', 'promo_any', '--customer', 'cus_h', ...AT, '--json']);
    expect(result.code).toBe(0);
    expect(jsonDoc(result).verdict).toBe('redeemable');
    expectRequests(fake, 2);
    expect(fake.requests.map((r) => r.path).sort()).toEqual(['/v1/customers/cus_h', '/v1/promotion_codes/promo_any']);
  });
});

describe('check: rules that need expanded fields', () => {
  it('applies_to: product_not_eligible for another product, nothing for an eligible one', async () => {
    const fake = await startFake(
      fakeAccount({
        coupon: { id: 'SHOES', applies_to: { products: ['prod_shoes'] } },
        code: { id: 'promo_shoes' },
      }),
    );
    const refused = await runAgainst(fake, ['check', 'promo_shoes', '--product', 'prod_hats', ...AT, '--json']);
    expect(refused.code).toBe(1);
    expect(onlyFinding(jsonDoc(refused).reasons, 'product_not_eligible').evidence).toEqual({
      products: ['prod_hats'],
      applies_to_products: ['prod_shoes'],
    });
    const accepted = await runAgainst(fake, [
      'check',
      'promo_shoes',
      '--product',
      'prod_hats',
      '--product',
      'prod_shoes',
      ...AT,
      '--json',
    ]);
    expect(accepted.code).toBe(0);
    expect(jsonDoc(accepted).reasons).toEqual([]);
    expectRequests(fake, 2);
  });

  it('coupon currency_options: an amount_off coupon accepts EUR, refuses GBP (currency_mismatch)', async () => {
    const fake = await startFake({
      coupons: [
        build.coupon({
          id: 'FIVE',
          amount_off: 500,
          currency: 'usd',
          percent_off: null,
          currency_options: { eur: { amount_off: 450 } },
        }),
      ],
      promotionCodes: [build.promotionCode({ id: 'promo_five', coupon: 'FIVE' })],
    });
    const eur = await runAgainst(fake, [
      'check',
      'promo_five',
      '--amount',
      '4000',
      '--currency',
      'EUR',
      ...AT,
      '--json',
    ]);
    expect(eur.code).toBe(0);
    expect(jsonDoc(eur).reasons).toEqual([]);
    const gbp = await runAgainst(fake, [
      'check',
      'promo_five',
      '--amount',
      '4000',
      '--currency',
      'gbp',
      ...AT,
      '--json',
    ]);
    expect(gbp.code).toBe(1);
    const evidence = objectEvidence(onlyFinding(jsonDoc(gbp).reasons, 'currency_mismatch'));
    expect(evidence).toMatchObject({ restriction: 'amount_off', currency: 'gbp', currency_options_known: true });
    expect([...(evidence.accepted_currencies as string[])].sort()).toEqual(['eur', 'usd']);
    expectRequests(fake, 2);
  });

  it('minimum amounts: minimum_amount in USD and restrictions.currency_options in EUR', async () => {
    const fake = await startFake({
      coupons: [build.coupon({ id: 'BIG' })],
      promotionCodes: [
        build.promotionCode({
          id: 'promo_min',
          coupon: 'BIG',
          restrictions: {
            minimum_amount: 5000,
            minimum_amount_currency: 'usd',
            currency_options: { eur: { minimum_amount: 4500 } },
          },
        }),
      ],
    });
    const usdBelow = await runAgainst(fake, [
      'check',
      'promo_min',
      '--amount',
      '4999',
      '--currency',
      'usd',
      ...AT,
      '--json',
    ]);
    expect(usdBelow.code).toBe(1);
    expect(onlyFinding(jsonDoc(usdBelow).reasons, 'minimum_amount_not_met').evidence).toMatchObject({
      minimum_amount: 5000,
      minimum_from: 'minimum_amount',
    });
    const usdEnough = await runAgainst(fake, [
      'check',
      'promo_min',
      '--amount',
      '5000',
      '--currency',
      'usd',
      ...AT,
      '--json',
    ]);
    expect(usdEnough.code).toBe(0);
    const noAmount = await runAgainst(fake, ['check', 'promo_min', ...AT, '--json']);
    expect(noAmount.code).toBe(0);
    expect(codesOf(jsonDoc(noAmount).reasons)).toEqual(['minimum_amount_required', 'minimum_amount_limits_surfaces']);
    const eurBelow = await runAgainst(fake, [
      'check',
      'promo_min',
      '--amount',
      '4000',
      '--currency',
      'eur',
      ...AT,
      '--json',
    ]);
    expect(codesOf(jsonDoc(eurBelow).reasons)).toEqual(['minimum_amount_not_met', 'minimum_amount_limits_surfaces']);
    expect(onlyFinding(jsonDoc(eurBelow).reasons, 'minimum_amount_not_met').evidence).toMatchObject({
      currency: 'eur',
      minimum_amount: 4500,
      minimum_from: 'currency_options',
    });
    expect(eurBelow.code).toBe(1);
    expectRequests(fake, 4);
  });
});

describe('check: request budget and connection flags', () => {
  it('docs/architecture.md, Requests, cost and start-up: the code and its coupon in one request, at most 2 sequential round trips (40 ms latency)', async () => {
    const fake = await startFake(firstTimeScenario(fullHistory()), { latencyMs: 100 });
    const result = await runAgainst(fake, ['check', 'promo_new', '--customer', 'cus_h', ...AT, '--json']);
    jsonDoc(result);
    expectRequests(fake, 6);
    expect(fake.roundTrips()).toBeLessThanOrEqual(2);
    expect(fake.requests.filter((r) => r.path.startsWith('/v1/coupons'))).toEqual([]);
    expect(fake.requests.filter((r) => r.path.startsWith('/v1/promotion_codes'))).toHaveLength(1);
  });

  it('--stripe-account sends the Stripe-Account header on every request', async () => {
    const fake = await startFake(firstTimeScenario());
    const result = await runAgainst(fake, [
      'check',
      'promo_new',
      '--customer',
      'cus_h',
      '--stripe-account',
      'acct_1Connected',
      ...AT,
      '--json',
    ]);
    expect(result.code).toBe(0);
    jsonDoc(result);
    expectRequests(fake, 6);
    for (const request of fake.requests) expect(request.headers['stripe-account']).toBe('acct_1Connected');
  });

  it('--api-base takes precedence over STRIPE_API_BASE', async () => {
    const fake = await startFake(firstTimeScenario());
    const result = await runAgainst(fake, ['check', 'promo_new', '--api-base', fake.url, ...AT, '--json'], {
      env: { STRIPE_API_BASE: 'http://127.0.0.1:1' },
    });
    expect(result.code, result.stderr).toBe(0);
    jsonDoc(result);
    expectRequests(fake, 1);
  });
});
