/**
 * Golden files of the answer-first output: for every reason code (the cases of
 * test/helpers/reasonCases.ts, diagnosed by `check` against the fake Stripe API in
 * process, plus the offline-only codes), the human output at 80 and 120 columns, the
 * Markdown output and the reply for the customer (`--format reply`), rendered by the pure
 * renderers without colour. UPDATE_GOLDEN=1 rewrites them; otherwise a difference fails.
 *
 * The objects of issue 10 (a Stripe error body, a failed request from the Dashboard log, a
 * Checkout Session, an invoice, a live `check --for` run) have golden files of their own.
 *
 * The same cases carry the measurable target of the layout: for a single promotion code
 * or coupon with k findings, the verdict and every blocking reason with its fix appear
 * within the first 3 + 2k lines, and the whole output fits in 6 + 3k lines at 80 columns.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { diagnoseCheck, diagnoseCheckFor } from '../../src/usecases/checkPromotionCode.js';
import { diagnoseParsed } from '../../src/usecases/explain.js';
import { parseForId } from '../../src/cli/forContext.js';
import { explainContext } from '../../src/usecases/explain.js';
import { parseStripeText } from '../../src/model/input.js';
import { renderHuman } from '../../src/render/human.js';
import { renderMarkdown } from '../../src/render/markdown.js';
import { renderReply } from '../../src/render/reply.js';
import { createPalette } from '../../src/render/palette.js';
import type { RedemptionContext } from '../../src/rules/context.js';
import type { Diagnosis } from '../../src/rules/diagnose.js';
import * as build from '../support/builders.js';
import { FIXTURES } from '../helpers/cli.js';
import { REASON_CASES, type RedemptionFlags } from '../helpers/reasonCases.js';
import { context, readerFor, startFake, stopFakes } from '../helpers/liveStripe.js';
import { AT } from '../helpers/time.js';
import { expectGolden, slug } from '../helpers/golden.js';
import { assertDiagnosisDocument } from '../helpers/schema.js';
import { diagnosisDocument } from '../../src/render/json.js';

const plain = createPalette(false);

interface GoldenCase {
  name: string;
  diagnosis: Diagnosis;
  ctx: RedemptionContext;
  offline: boolean;
}

function ctxFor(flags: RedemptionFlags): RedemptionContext {
  return context({
    customer: flags.customer ?? null,
    amount: flags.amount ?? null,
    currency: flags.currency ?? null,
    products: flags.products ?? [],
  });
}

const PLAIN_COUPON = {
  id: 'PLAIN25',
  object: 'coupon',
  percent_off: 25,
  duration: 'once',
  valid: true,
  times_redeemed: 0,
  max_redemptions: null,
  redeem_by: null,
  created: AT - 86400,
  livemode: false,
};
const PLAIN_CODE = {
  id: 'promo_plain',
  object: 'promotion_code',
  code: 'PLAIN',
  active: true,
  livemode: false,
  created: AT - 86400,
  promotion: { type: 'coupon', coupon: PLAIN_COUPON },
  restrictions: { first_time_transaction: false },
};
const MINIMUM_CODE = {
  ...PLAIN_CODE,
  id: 'promo_min',
  code: 'BIGORDER',
  restrictions: { first_time_transaction: false, minimum_amount: 5000, minimum_amount_currency: 'usd' },
};
const PRODUCT_COUPON = { ...PLAIN_COUPON, id: 'ONLY_A', applies_to: { products: ['prod_A'] } };
const TWENTY_DISCOUNTS = Array.from({ length: 20 }, (_, i) => ({
  id: `di_${i}`,
  coupon: `C${i}`,
  promotion_code: null,
}));

/** The reason codes `check` cannot produce, from offline input (explain). */
const OFFLINE_CASES: ReadonlyArray<{ name: string; file?: string; json?: object; flags?: Partial<RedemptionContext> }> =
  [
    { name: 'discount_ended (explain)', file: 'explain/customer-discount-ended.json' },
    { name: 'discount_outlives_coupon (explain)', file: 'before-after/customer-discount-2020-08-27.json' },
    {
      name: 'customer_deleted (the customer inspected, explain)',
      json: { id: 'cus_gone', object: 'customer', deleted: true },
    },
    {
      name: 'coupon_not_checked (an active code, coupon not expanded)',
      json: {
        id: 'promo_plain',
        object: 'promotion_code',
        code: 'PLAIN',
        active: true,
        promotion: { type: 'coupon', coupon: 'COUPON_X' },
      },
    },
    {
      name: 'promotion_code_inactive (coupon not expanded)',
      json: {
        id: 'promo_plain',
        object: 'promotion_code',
        code: 'PLAIN',
        active: false,
        promotion: { type: 'coupon', coupon: 'COUPON_X' },
      },
    },
    { name: 'coupon_deleted (explain)', file: 'explain/coupon-deleted.json' },
    // Why a discount stopped (issue 20): a subscription with its latest invoice expanded.
    { name: 'discount_stopped: once coupon used (explain)', file: 'explain/history/subscription-once-used.json' },
    { name: 'discount_stopped: zero-total invoice (explain)', file: 'explain/history/subscription-zero-total.json' },
    {
      name: 'discount_stopped: repeating coupon ran its months (explain)',
      file: 'explain/history/subscription-repeating-ended.json',
    },
    {
      name: 'discount_stopped: replaced by an update, coupon deleted (explain)',
      file: 'explain/history/subscription-replaced.json',
    },
    {
      name: 'discount_stopped: its removal event (explain)',
      file: 'explain/history/event-customer.discount.deleted.json',
    },
    // Stripe's error bodies, Dashboard logs of failed requests, orders (issue 10).
    { name: 'customer_has_prior_transactions (Stripe error body)', file: 'explain/errors/prior-transactions.json' },
    {
      name: 'coupon_redeem_by_passed or coupon_max_redemptions_reached (Stripe error body)',
      file: 'explain/errors/coupon-expired.json',
    },
    { name: 'coupon_not_found (Stripe error body)', file: 'explain/errors/no-such-coupon.json' },
    {
      name: 'checkout_discounts_conflict (Stripe error body)',
      file: 'explain/errors/allow-promotion-codes-and-discounts.json',
    },
    { name: 'checkout_single_discount (Stripe error body)', file: 'explain/errors/one-discount.json' },
    { name: 'total_reduced_to_zero (Stripe error body)', file: 'explain/errors/zero-total.json' },
    { name: 'stripe_refusal_unrecognised (Stripe error body)', file: 'explain/errors/unrecognised.json' },
    // Issue 20: the wordings people paste, and a Payment Link without a code field.
    {
      name: 'coupon_and_promotion_code_conflict (Stripe error body)',
      file: 'explain/errors/coupon-and-promotion-code.json',
    },
    { name: 'discount_parameter_removed (Stripe error body)', file: 'explain/errors/unknown-parameter-coupon.json' },
    {
      name: 'promotion_code_not_found, a customer-facing code (Stripe error body)',
      file: 'explain/errors/no-such-promotion-code-customer-facing.json',
    },
    { name: 'promotion_codes_not_allowed (Payment Link)', file: 'explain/orders/payment-link-no-codes.json' },
    {
      name: 'failed request: checkout, prior transactions (Dashboard log)',
      file: 'explain/failed-requests/checkout-prior-transactions.txt',
    },
    {
      name: 'failed request: subscription, minimum amount (Dashboard log)',
      file: 'explain/failed-requests/subscription-minimum-amount.txt',
    },
    {
      name: 'failed request: checkout, total reduced to zero (Dashboard log)',
      file: 'explain/failed-requests/checkout-zero-total.txt',
    },
    { name: 'Checkout Session with a discount (explain)', file: 'explain/orders/checkout-session-discounted.json' },
    {
      name: 'discount_applied_to_nothing (Checkout Session, explain)',
      file: 'explain/orders/checkout-session-discounted-nothing.json',
    },
    { name: 'discount_applied_to_nothing (invoice, explain)', file: 'explain/orders/invoice-product-restricted.json' },
    { name: 'invoice preview (explain)', file: 'explain/orders/invoice-preview-2024-06-20.json' },
    // Where the code is redeemed (issue 12): the surface and the redemption's context given directly.
    {
      name: 'minimum_amount_refused_on_surface (explain --surface portal)',
      json: MINIMUM_CODE,
      flags: { surface: 'portal', currency: 'usd', amount: 6000 },
    },
    {
      name: 'trial_first_invoice_zero (explain --trial)',
      json: MINIMUM_CODE,
      flags: { surface: 'subscription', trial: true, currency: 'usd', amount: 6000 },
    },
    {
      name: 'checkout_discount_already_applied (a session with a discount)',
      json: PLAIN_CODE,
      flags: { surface: 'checkout', existing_discounts: [{ id: null, coupon: 'OTHER', promotion_code: null }] },
    },
    {
      name: 'discount_limit_reached (twenty discounts)',
      json: PLAIN_CODE,
      flags: { surface: 'subscription', existing_discounts: TWENTY_DISCOUNTS },
    },
    {
      name: 'coupon_already_applied (the same coupon)',
      json: PLAIN_CODE,
      flags: { surface: 'invoice', existing_discounts: [{ id: 'di_1', coupon: 'PLAIN25', promotion_code: null }] },
    },
    {
      name: 'portal_promotion_codes_disabled (portal without codes)',
      json: PLAIN_CODE,
      flags: {
        surface: 'portal',
        portal: {
          configuration: 'bpc_1',
          subscription_update_enabled: true,
          default_allowed_updates: ['price', 'quantity'],
        },
      },
    },
    {
      name: 'evaluation_time_uncertain (a time with no zone, 2 hours after expiry)',
      json: { ...PLAIN_CODE, expires_at: AT - 2 * 3600 },
      flags: { at_uncertainty: 14 * 3600 },
    },
    {
      name: 'portal_configuration_not_read (explain --surface portal, offline)',
      json: PLAIN_CODE,
      flags: { surface: 'portal' },
    },
    {
      name: 'portal_products_not_discounted (the portal offers other products)',
      json: PRODUCT_COUPON,
      flags: {
        surface: 'portal',
        portal: {
          configuration: 'bpc_1',
          subscription_update_enabled: true,
          default_allowed_updates: ['price', 'promotion_code'],
          products: ['prod_B'],
        },
      },
    },
    {
      name: 'product_not_discounted (an invoice)',
      json: PRODUCT_COUPON,
      flags: { surface: 'invoice', products: ['prod_B'] },
    },
  ];

function offlineEvaluated(
  text: string,
  ctx: RedemptionContext,
): Array<{ diagnosis: Diagnosis; ctx: RedemptionContext }> {
  const parsed = parseStripeText(text, 'input');
  return parsed.items.map((item) => {
    const itemCtx = explainContext(item, ctx, {});
    return { diagnosis: diagnoseParsed(item, parsed, itemCtx), ctx: itemCtx };
  });
}

const FOR_CASE = 'check --for a Checkout Session (live)';

/** A guest's session with a coupon already applied and no line items. */
const FOR_SESSION = build.checkoutSession({
  id: 'cs_test_Golden01',
  created: AT - 600,
  customer: null,
  discounts: [{ coupon: 'WELCOME', promotion_code: null }],
  line_items: { object: 'list', has_more: false, url: '/v1/checkout/sessions/cs_test_Golden01/line_items', data: [] },
});

/**
 * `check promo_new --for cs_test_Golden01 --currency usd`: the context from a live session
 * of a guest, one value from a flag, a discount already applied.
 */
async function forCase(): Promise<GoldenCase> {
  build.resetBuilderIds();
  const fake = await startFake({
    coupons: [build.coupon({ id: 'WELCOME' })],
    promotionCodes: [
      build.promotionCode({
        id: 'promo_new',
        code: 'WELCOME',
        coupon: 'WELCOME',
        restrictions: { minimum_amount: 5000, minimum_amount_currency: 'usd' },
      }),
    ],
    checkoutSessions: [FOR_SESSION],
  });
  const flagged = context({ currency: 'usd' });
  const { diagnosis, ctx } = await diagnoseCheckFor(
    await readerFor(fake),
    'promo_new',
    flagged,
    parseForId('cs_test_Golden01'),
    { currency: 'usd' },
  );
  await stopFakes();
  return { name: FOR_CASE, diagnosis, ctx, offline: false };
}

const cases: GoldenCase[] = [];

beforeAll(async () => {
  for (const c of REASON_CASES) {
    build.resetBuilderIds();
    const fake = await startFake(c.scenario());
    const ctx = ctxFor(c.flags);
    const reader = await readerFor(fake);
    cases.push({ name: c.name, diagnosis: await diagnoseCheck(reader, c.target, ctx), ctx, offline: false });
    await stopFakes();
  }
  for (const c of OFFLINE_CASES) {
    const text = c.file ? readFileSync(join(FIXTURES, c.file), 'utf8') : JSON.stringify(c.json);
    const { diagnosis, ctx } = offlineEvaluated(text, context(c.flags ?? {}))[0]!;
    cases.push({ name: c.name, diagnosis, ctx, offline: true });
  }
  cases.push(await forCase());
}, 60_000);

afterAll(stopFakes);
beforeEach(() => build.resetBuilderIds());

const human = (c: GoldenCase, width: number | null, verbose = false): string =>
  renderHuman(c.diagnosis, c.ctx, plain, { width, verbose, offline: c.offline });

const ALL_NAMES = [...REASON_CASES.map((c) => c.name), ...OFFLINE_CASES.map((c) => c.name), FOR_CASE];
const byName = (name: string): GoldenCase => cases.find((c) => c.name === name)!;

describe('golden files: every reason code, human at 80 and 120 columns, and Markdown', () => {
  it.each(ALL_NAMES)('%s', (name) => {
    const c = byName(name);
    expectGolden(`reasons/${slug(name)}.80.txt`, human(c, 80));
    expectGolden(`reasons/${slug(name)}.120.txt`, human(c, 120));
    expectGolden(`reasons/${slug(name)}.md`, renderMarkdown(c.diagnosis, c.ctx, { offline: c.offline }));
    expectGolden(`reasons/${slug(name)}.reply.txt`, renderReply(c.diagnosis));
  });

  it.each(ALL_NAMES)('%s: its JSON document validates against schema/diagnosis.schema.json', (name) => {
    const c = byName(name);
    assertDiagnosisDocument(diagnosisDocument(c.diagnosis, c.ctx));
  });

  it('covers every reason code of the catalogue', async () => {
    const { REASON_CODES } = await import('../../src/rules/catalogue.js');
    const seen = new Set(
      cases.flatMap((c) =>
        [...c.diagnosis.reasons, ...(c.diagnosis.discounts ?? []).flatMap((d) => d.coupon_reasons)].map((r) => r.code),
      ),
    );
    expect(REASON_CODES.filter((code) => !seen.has(code))).toEqual([]);
  });
});

describe('the answer comes first: 3 + 2k lines for the verdict and every blocking reason with its fix, 6 + 3k in all (80 columns)', () => {
  const single = (c: GoldenCase) =>
    (c.diagnosis.target.type === 'promotion_code' || c.diagnosis.target.type === 'coupon') && !c.diagnosis.matches;

  it.each(ALL_NAMES)('%s', (name) => {
    const c = byName(name);
    if (!single(c)) return;
    const lines = human(c, 80).trimEnd().split('\n');
    const k = c.diagnosis.reasons.length;
    // A Stripe CLI command that applies a remedy (issue 17) takes up to two lines after its fix.
    const commands = c.diagnosis.reasons.filter((r) => r.remedy.stripe_cli !== null).length;
    expect(lines.length, lines.join('\n')).toBeLessThanOrEqual(6 + 3 * k + 2 * commands);
    const head = lines.slice(0, 3 + 2 * k + 2 * commands).join('\n');
    expect(lines[1]).toMatch(/^[✓?✗] (Redeemable|Not redeemable)/);
    for (const f of c.diagnosis.reasons.filter((r) => r.severity === 'blocking')) {
      // The fix is the last paragraph of its entry: all of it must be in the head.
      const fixWords = f.fix.split(' ');
      expect(head, `"${f.message}" within ${3 + 2 * k} lines:\n${lines.join('\n')}`).toContain(
        f.message.split(' ').slice(0, 3).join(' '),
      );
      expect(
        head.replace(/\s+/g, ' '),
        `the fix of ${f.code} within ${3 + 2 * k} lines:\n${lines.join('\n')}`,
      ).toContain(fixWords.join(' '));
    }
  });

  it('no line is wider than 80 columns unless it is one word', () => {
    for (const c of cases) {
      for (const line of human(c, 80).split('\n')) {
        if ([...line].length > 80) expect(line.trim()).not.toContain(' ');
      }
    }
  });
});
