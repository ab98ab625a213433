/**
 * End to end: `promo-doctor customer <cus_id>` (in-process) against the fake Stripe
 * API. docs/architecture.md, The JSON document and exit codes: `discounts` lists the discount on the customer and those on its
 * subscriptions that still bill; top-level reasons are discount-level findings only; exit 1
 * only when a discount has ended.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as build from '../support/builders.js';
import { parseJson } from '../helpers/cli.js';
import { assertDiagnosisDocument } from '../helpers/schema.js';
import { customerScenario } from '../helpers/scenarios.js';
import {
  codesOf,
  type Doc,
  expectFailure,
  expectNoLeak,
  expectOnlyGets,
  jsonDoc,
  onlyFinding,
  runAgainst,
  startFake,
  stopFakes,
} from '../helpers/liveStripe.js';
import { AT as AT_SECONDS, DAY, AT_FLAG as AT } from '../helpers/time.js';

beforeEach(() => build.resetBuilderIds());
afterEach(stopFakes);

describe('customer <cus_id>', () => {
  it('the discount on the customer and on its active subscription; the canceled one ignored; exit 0', async () => {
    const fake = await startFake(customerScenario(), { latencyMs: 100 });
    const result = await runAgainst(fake, ['customer', 'cus_1', ...AT, '--json']);
    const doc = jsonDoc(result);
    expect(result.code).toBe(0);
    expect(doc.target).toEqual({ type: 'customer', id: 'cus_1' });
    expect(doc.verdict).toBe('redeemable');
    expect(doc.reasons).toEqual([]);
    expect(doc.discounts!.map((d) => [d.discount.id, d.attached_to.type, d.attached_to.id, d.applies])).toEqual([
      ['di_customer', 'customer', 'cus_1', true],
      ['di_sub', 'subscription', 'sub_active', true],
    ]);
    expect(JSON.stringify(doc)).not.toContain('di_old');
    expect(doc.discounts![0]!.discount).toMatchObject({
      coupon: { id: 'FOREVER10' },
      promotion_code: { id: 'promo_1' },
    });
    expectOnlyGets(fake);
    expect(fake.requests.map((r) => r.path).sort()).toEqual(['/v1/customers/cus_1', '/v1/subscriptions']);
    expect(fake.roundTrips()).toBe(1);
  });

  it('human output lists both discounts with their coupons', async () => {
    const fake = await startFake(customerScenario());
    const result = await runAgainst(fake, ['customer', 'cus_1', ...AT]);
    expect(result.code).toBe(0);
    for (const text of ['cus_1', 'FOREVER10', 'REPEAT3', 'sub_active']) expect(result.stdout).toContain(text);
    expect(result.stdout).not.toContain('sub_old');
    expectNoLeak(result);
  });

  it('an ended discount: discount_ended, applies: false, exit 1', async () => {
    const fake = await startFake(customerScenario({ subscriptionDiscountEnd: AT_SECONDS - DAY }));
    const result = await runAgainst(fake, ['customer', 'cus_1', ...AT, '--json']);
    const doc = jsonDoc(result);
    expect(result.code).toBe(1);
    expect(codesOf(doc.reasons)).toEqual(['discount_ended']);
    expect(onlyFinding(doc.reasons, 'discount_ended').evidence).toMatchObject({
      end: AT_SECONDS - DAY,
      coupon: 'REPEAT3',
    });
    expect(doc.discounts!.find((d) => d.discount.id === 'di_sub')!.applies).toBe(false);
    expectOnlyGets(fake);
  });

  it('--at before the end: the same discount still applies, exit 0', async () => {
    const fake = await startFake(customerScenario({ subscriptionDiscountEnd: AT_SECONDS - DAY }));
    const result = await runAgainst(fake, ['customer', 'cus_1', '--at', String(AT_SECONDS - 2 * DAY), '--json']);
    const doc = jsonDoc(result);
    expect(result.code).toBe(0);
    expect(doc.reasons).toEqual([]);
    expect(doc.evaluated_at).toBe(new Date((AT_SECONDS - 2 * DAY) * 1000).toISOString().replace('.000Z', 'Z'));
  });

  it('a discount that outlives its used-up coupon: discount_outlives_coupon (info), the coupon findings nested, exit 0', async () => {
    const fake = await startFake(
      customerScenario({ customerDiscountCoupon: { max_redemptions: 1, times_redeemed: 1, valid: false } }),
    );
    const result = await runAgainst(fake, ['customer', 'cus_1', ...AT, '--json']);
    const doc = jsonDoc(result);
    expect(result.code).toBe(0);
    expect(doc.verdict).toBe('redeemable');
    expect(codesOf(doc.reasons)).toEqual(['discount_outlives_coupon']);
    expect(onlyFinding(doc.reasons, 'discount_outlives_coupon').severity).toBe('info');
    const onCustomer = doc.discounts!.find((d) => d.discount.id === 'di_customer')!;
    expect(onCustomer.applies).toBe(true);
    expect(codesOf(onCustomer.coupon_reasons)).toEqual(['coupon_max_redemptions_reached']);
    expectOnlyGets(fake);
  });

  it('a deleted customer: customer_deleted, exit 1', async () => {
    const fake = await startFake({ customers: [build.deletedCustomer('cus_gone')] });
    const result = await runAgainst(fake, ['customer', 'cus_gone', ...AT, '--json']);
    expect(result.code).toBe(1);
    expectNoLeak(result);
    const doc = parseJson(result.stdout) as Doc;
    expect(codesOf(doc.reasons)).toEqual(['customer_deleted']);
    expect(doc.verdict).toBe('not_redeemable');
    expectOnlyGets(fake);
  });

  it('a deleted customer: the --json document matches the published schema', async () => {
    const fake = await startFake({ customers: [build.deletedCustomer('cus_gone')] });
    const result = await runAgainst(fake, ['customer', 'cus_gone', ...AT, '--json']);
    expect(result.code).toBe(1);
    expect(() => assertDiagnosisDocument(parseJson(result.stdout))).not.toThrow();
  });

  it('an unknown customer: exit 2, one sentence, nothing on stdout', async () => {
    const fake = await startFake({});
    const result = await runAgainst(fake, ['customer', 'cus_nobody', ...AT, '--json']);
    expectFailure(result, 2, /cus_nobody/);
    expectOnlyGets(fake);
  });

  it('a subscription id given to customer: exit 2 before any request', async () => {
    const fake = await startFake({});
    const result = await runAgainst(fake, ['customer', 'sub_123', ...AT]);
    expectFailure(result, 2, /subscription/);
    expect(fake.requests).toEqual([]);
  });
});
