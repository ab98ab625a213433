/**
 * End to end: `check --ask-stripe`, Stripe's verdict beside ours. The fake answers
 * POST /v1/invoices/create_preview by judging the code itself, or as the scenario stages it
 * (`invoicePreview`), so agreements, both kinds of disagreement and refusals that only the
 * preview's shape causes are all exercised. The POST is the only non-GET request, sent once.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as build from '../support/builders.js';
import type { FakeStripe, Scenario } from '../support/fakeStripe.js';
import { jsonDoc, runAgainst, startFake, stopFakes } from '../helpers/liveStripe.js';
import { AT_FLAG as AT } from '../helpers/time.js';
import { fakeAccount } from '../helpers/scenarios.js';

const ORDER = ['--customer', 'cus_new', '--amount', '4000', '--currency', 'usd', '--product', 'prod_A'];

beforeEach(() => build.resetBuilderIds());
afterEach(stopFakes);

function scenario(code: Parameters<typeof build.promotionCode>[0] = {}, extra: Partial<Scenario> = {}): Scenario {
  return fakeAccount({ code, customers: ['cus_new'], extra });
}

const posts = (fake: FakeStripe) => fake.requests.filter((r) => r.method !== 'GET');

describe('check --ask-stripe', () => {
  it('agreement: Stripe accepts what we find redeemable; one POST to create_preview, shaped as a new subscription', async () => {
    const fake = await startFake(scenario());
    const result = await runAgainst(fake, ['check', 'promo_x', ...AT, ...ORDER, '--ask-stripe', '--json']);
    expect(result.code, result.stderr).toBe(0);
    const doc = jsonDoc(result);
    expect(doc.stripe_verdict).toMatchObject({
      accepted: true,
      message: null,
      comparison: 'agreement',
      disagreement: null,
    });
    expect(doc.stripe_verdict?.request_id).toMatch(/^req_fake/);
    expect(doc.stripe_verdict?.previewed).toBe(
      "a new subscription's first invoice of $40.00 for prod_A, customer cus_new",
    );
    expect(posts(fake).map((r) => `${r.method} ${r.path}`)).toEqual(['POST /v1/invoices/create_preview']);
    expect(result.stderr).toBe('');
  });

  it('disagreement: Stripe refuses with a message the diagnosis did not predict; loud in human output and on stderr', async () => {
    const refusal = 'This promotion code cannot be redeemed because the associated customer has prior transactions.';
    const fake = await startFake(scenario({}, { invoicePreview: { refuse: { message: refusal } } }));
    const result = await runAgainst(fake, ['check', 'promo_x', ...AT, ...ORDER, '--ask-stripe']);
    expect(result.code).toBe(0); // our verdict decides the exit code
    expect(result.stdout.split('\n')[0]).toBe('⚠ DISAGREEMENT WITH STRIPE');
    expect(result.stdout).toContain(refusal);
    expect(result.stderr).toBe(
      `promo-doctor: Disagreement: Stripe refused the code with a message the diagnosis did not predict: "${refusal}".\n`,
    );
    const json = jsonDoc(await runAgainst(fake, ['check', 'promo_x', ...AT, ...ORDER, '--ask-stripe', '--json']));
    expect(json.stripe_verdict).toMatchObject({
      accepted: false,
      message: refusal,
      comparison: 'disagreement',
      disagreement: 'stripe_refused',
    });
  });

  it('disagreement: Stripe accepts what we call blocking', async () => {
    const fake = await startFake(
      scenario({ max_redemptions: 5, times_redeemed: 5, active: false }, { invoicePreview: { accept: true } }),
    );
    const result = await runAgainst(fake, ['check', 'promo_x', ...AT, ...ORDER, '--ask-stripe', '--json']);
    expect(result.code).toBe(1);
    expect(jsonDoc(result).stripe_verdict).toMatchObject({
      accepted: true,
      comparison: 'disagreement',
      disagreement: 'stripe_accepted',
    });
  });

  it('agreement on a refusal: both refuse a redeemed-out code, with Stripe message', async () => {
    const fake = await startFake(scenario({ max_redemptions: 5, times_redeemed: 5 }));
    const doc = jsonDoc(await runAgainst(fake, ['check', 'promo_x', ...AT, ...ORDER, '--ask-stripe', '--json']));
    expect(doc.verdict).toBe('not_redeemable');
    expect(doc.stripe_verdict).toMatchObject({
      accepted: false,
      message: 'This promotion code cannot be redeemed because it has been used the maximum number of times.',
      comparison: 'agreement',
    });
  });

  it('a subscription update is previewed as invoice items: Stripe refuses a minimum amount there, as we do', async () => {
    const fake = await startFake(scenario({ restrictions: { minimum_amount: 1000, minimum_amount_currency: 'usd' } }));
    const doc = jsonDoc(
      await runAgainst(fake, [
        'check',
        'promo_x',
        ...AT,
        ...ORDER,
        '--surface',
        'subscription_update',
        '--ask-stripe',
        '--json',
      ]),
    );
    expect(doc.verdict).toBe('not_redeemable');
    expect(doc.stripe_verdict).toMatchObject({ accepted: false, comparison: 'agreement' });
    expect(doc.stripe_verdict?.message).toContain('`minimum_amount` restriction');
    expect(doc.stripe_verdict?.previewed).toBe(
      'invoice items of $40.00 for prod_A, the code on the item, customer cus_new',
    );
  });

  it("a refusal only the preview's shape causes is not a disagreement (no --product: invoice items refuse a minimum)", async () => {
    const fake = await startFake(scenario({ restrictions: { minimum_amount: 1000, minimum_amount_currency: 'usd' } }));
    const args = [
      'check',
      'promo_x',
      ...AT,
      '--customer',
      'cus_new',
      '--amount',
      '4000',
      '--currency',
      'usd',
      '--ask-stripe',
      '--json',
    ];
    const result = await runAgainst(fake, args);
    const doc = jsonDoc(result);
    expect(doc.verdict).toBe('redeemable');
    expect(doc.stripe_verdict).toMatchObject({ accepted: null, comparison: 'not_compared', disagreement: null });
    expect(doc.stripe_verdict?.summary).toContain('its shape causes');
    expect(result.stderr).toBe('');
  });

  it('a trial previews a first invoice of $0: Stripe refuses the minimum, as we do', async () => {
    const fake = await startFake(scenario({ restrictions: { minimum_amount: 1000, minimum_amount_currency: 'usd' } }));
    const doc = jsonDoc(
      await runAgainst(fake, ['check', 'promo_x', ...AT, ...ORDER, '--trial', '--ask-stripe', '--json']),
    );
    expect(doc.context).toMatchObject({ trial: true, surface: null });
    expect(doc.reasons.map((r) => r.code)).toContain('trial_first_invoice_zero');
    expect(doc.stripe_verdict).toMatchObject({ accepted: false, comparison: 'agreement' });
    const form = new URLSearchParams(await lastPostBody(fake));
    expect(form.get('subscription_details[trial_end]')).not.toBeNull();
  });

  it('without --customer the preview uses customer_details', async () => {
    const fake = await startFake(scenario());
    const doc = jsonDoc(
      await runAgainst(fake, [
        'check',
        'promo_x',
        ...AT,
        '--amount',
        '4000',
        '--currency',
        'usd',
        '--product',
        'prod_A',
        '--ask-stripe',
        '--json',
      ]),
    );
    expect(doc.stripe_verdict).toMatchObject({ accepted: true, comparison: 'agreement' });
    expect(doc.stripe_verdict?.previewed).toContain('no customer (customer_details)');
  });

  it('without an order Stripe is not asked: no POST, and the output says what is missing', async () => {
    const fake = await startFake(scenario());
    const doc = jsonDoc(await runAgainst(fake, ['check', 'promo_x', ...AT, '--ask-stripe', '--json']));
    expect(doc.stripe_verdict).toMatchObject({ accepted: null, comparison: 'not_compared', previewed: 'nothing' });
    expect(doc.stripe_verdict?.summary).toContain('--amount and --currency');
    expect(posts(fake)).toEqual([]);
  });

  it('a restricted key without Invoices write: exit 3 naming the permission', async () => {
    const fake = await startFake(
      scenario(
        {},
        {
          keys: {
            rk_test_readonly: { mode: 'test', permissions: ['promotion_codes:read', 'coupons:read', 'customers:read'] },
          },
        },
      ),
    );
    const result = await runAgainst(fake, ['check', 'promo_x', ...AT, ...ORDER, '--ask-stripe'], {
      key: 'rk_test_readonly',
    });
    expect(result.code).toBe(3);
    expect(result.stderr).toContain('Invoices: Write');
  });

  it('--debug names the POST before it is sent', async () => {
    const fake = await startFake(scenario());
    const result = await runAgainst(fake, ['--debug', 'check', 'promo_x', ...AT, ...ORDER, '--ask-stripe', '--json']);
    expect(result.stderr).toContain('debug: --ask-stripe: POST /v1/invoices/create_preview (creates nothing)');
  });

  it('--help names the flag and says it sends one POST that creates nothing', async () => {
    const result = await runAgainst(null, ['check', '--help']);
    expect(result.stdout).toContain('--ask-stripe');
    expect(result.stdout.replace(/\s+/g, ' ')).toContain(
      'sends one POST (/v1/invoices/create_preview) that creates nothing; needs the Invoices permission',
    );
  });
});

/** The form body of the last POST, as the fake recorded it. */
async function lastPostBody(fake: FakeStripe): Promise<string> {
  const post = [...fake.requests].reverse().find((r) => r.method === 'POST');
  return post?.body ?? '';
}
