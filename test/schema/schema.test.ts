/**
 * The published JSON Schemas (schema/*.schema.json) against the code:
 * - they compile in ajv's strict mode and are valid draft 2020-12;
 * - the reason-code enum is exactly the catalogue's keys, and each code's severity (and
 *   object) in the schema is the catalogue's, so a new or changed code forces a schema update;
 * - the evidence of every code, typed by EvidenceByCode, passes the schema (a new evidence key
 *   fails to compile here until a sample has it, then fails the schema until it has it too);
 * - documents built in-process by diagnosisDocument() for shapes the e2e tests cannot reach
 *   offline (shared codes with `matches`, subscriptions, expanded customers) validate;
 * - the schema is strict: it rejects drifts (extra keys, wrong severities, missing evidence).
 */
import { describe, expect, it } from 'vitest';
import { AT } from '../helpers/time.js';
import { normalizeDiagnosable } from '../../src/model/diagnosable.js';
import { CATALOGUE } from '../../src/rules/catalogue.js';
import { bareContext } from '../../src/rules/context.js';
import {
  diagnoseCoupon,
  diagnoseCustomer,
  diagnoseMissing,
  diagnosePromotionCode,
  diagnoseSharedCode,
  diagnoseStandaloneDiscount,
  diagnoseSubscription,
  toFinding,
  type Diagnosis,
} from '../../src/rules/diagnose.js';
import {
  detect,
  type Detection,
  type EvidenceByCode,
  type ReasonCode,
  type StripeAnswer,
} from '../../src/rules/findings.js';
import { diagnosisDocument } from '../../src/render/json.js';
import { renderCatalogueJson } from '../../src/render/reasons.js';
import type { Coupon, Customer, Discount, PromotionCode, Subscription } from '../../src/model/types.js';
import {
  assertDiagnosisDocument,
  assertReasonsDocument,
  createAjv,
  diagnosisErrors,
  diagnosisSchema,
  reasonsErrors,
  reasonsSchema,
  type JsonSchema,
} from '../helpers/schema.js';

const CATALOGUE_CODES = Object.keys(CATALOGUE).sort();

type Json = Record<string, unknown>;
interface Conditional {
  if: { properties: { code: { const: string } } };
  then: {
    properties: {
      severity?: { const: string };
      object?: { const?: string; enum?: string[] };
      evidence?: { $ref: string };
    };
  };
}

/** The per-code `if code == X then …` conditions of a schema object. */
function conditions(schema: Json): Conditional[] {
  const all = (schema.allOf ?? []) as Json[];
  return all.filter((c): c is Json & Conditional => {
    const code = (c as { if?: { properties?: { code?: { const?: unknown } } } }).if?.properties?.code?.const;
    const then = (c as { then?: { properties?: { severity?: unknown } } }).then?.properties;
    return (
      typeof code === 'string' && then !== undefined && Object.keys((c.if as Json).properties as Json).length === 1
    );
  });
}

function severityByCode(schema: Json): Record<string, string> {
  const out: Record<string, string> = {};
  for (const c of conditions(schema)) {
    const severity = c.then.properties.severity?.const;
    if (severity === undefined) continue;
    const code = c.if.properties.code.const;
    expect(out[code], `${code} has one severity condition`).toBeUndefined();
    out[code] = severity;
  }
  return out;
}

const findingSchema = (): Json => diagnosisSchema.$defs.finding as Json;
const entrySchema = (): Json => reasonsSchema.$defs.entry as Json;

describe('the schemas themselves', () => {
  it.each([
    ['diagnosis', diagnosisSchema],
    ['reasons', reasonsSchema],
  ] as [string, JsonSchema][])(
    '%s schema is draft 2020-12, has its $id, and compiles in strict mode',
    (name, schema) => {
      expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
      expect(schema.$id).toBe(`https://github.com/promo-doctor/promo-doctor/schema/${name}.schema.json`);
      const ajv = createAjv();
      expect(ajv.validateSchema(schema), JSON.stringify(ajv.errors)).toBe(true);
      expect(() => ajv.compile(schema)).not.toThrow();
    },
  );

  it('diagnosis: the reason-code enum is exactly the catalogue', () => {
    const codes = (diagnosisSchema.$defs.reason_code as { enum: string[] }).enum;
    expect(new Set(codes).size).toBe(codes.length);
    expect([...codes].sort()).toEqual(CATALOGUE_CODES);
  });

  it('reasons: the reason-code enum is exactly the catalogue, and the array has one entry per code', () => {
    const codes = (reasonsSchema.$defs.reason_code as { enum: string[] }).enum;
    expect([...codes].sort()).toEqual(CATALOGUE_CODES);
    expect(reasonsSchema.minItems).toBe(CATALOGUE_CODES.length);
    expect(reasonsSchema.maxItems).toBe(CATALOGUE_CODES.length);
  });

  it('diagnosis: every code has the catalogue severity (if code == X then severity == Y)', () => {
    const severities = severityByCode(findingSchema());
    expect(Object.keys(severities).sort()).toEqual(CATALOGUE_CODES);
    for (const code of CATALOGUE_CODES) expect(severities[code], code).toBe(CATALOGUE[code as ReasonCode].severity);
  });

  it('reasons: every code has the catalogue severity and object', () => {
    const severities = severityByCode(entrySchema());
    expect(Object.keys(severities).sort()).toEqual(CATALOGUE_CODES);
    for (const code of CATALOGUE_CODES) expect(severities[code], code).toBe(CATALOGUE[code as ReasonCode].severity);
    for (const c of conditions(entrySchema())) {
      expect(c.then.properties.object?.const, c.if.properties.code.const).toBe(
        CATALOGUE[c.if.properties.code.const as ReasonCode].object,
      );
    }
  });

  it('diagnosis: every code names its evidence definition, and the object it may be about', () => {
    for (const c of conditions(findingSchema())) {
      const code = c.if.properties.code.const as ReasonCode;
      expect(c.then.properties.evidence?.$ref).toBe(`#/$defs/evidence_${code}`);
      expect(diagnosisSchema.$defs[`evidence_${code}`], code).toBeDefined();
      const object = c.then.properties.object!;
      const allowed = object.const !== undefined ? [object.const] : object.enum!;
      expect(allowed, code).toContain(CATALOGUE[code].object);
    }
    const evidenceDefs = Object.keys(diagnosisSchema.$defs).filter((k) => k.startsWith('evidence_'));
    expect(evidenceDefs.map((k) => k.slice('evidence_'.length)).sort()).toEqual(CATALOGUE_CODES);
  });

  it('reasons --json as rendered in-process validates', () => {
    assertReasonsDocument(JSON.parse(renderCatalogueJson()));
  });
});

/**
 * Evidence written out, typed by EvidenceByCode, for the shapes worth covering one by one
 * (null fields, several variants): a new key in a code's evidence fails to compile until it is
 * added here (excess property checks). A new code needs no entry: every code's evidence, as a
 * rule produces it, is validated in the golden cases (test/render/golden.test.ts), which cover
 * every code, and the schema is generated from the same types (test/schema/schema-generated.test.ts).
 */
const deadline = { evaluated_at: AT, evaluated_at_iso: '2026-06-01T00:00:00Z' } as const;
const count = { times_redeemed: 98, max_redemptions: 100, remaining: 2 };
/** Stripe's refusal as evidence (a Stripe error body), for the codes its messages mean. */
const stripeAnswer = (message: string, matched: string, ambiguous_with: ReasonCode[] = []): StripeAnswer => ({
  stripe_error: {
    message,
    type: 'invalid_request_error',
    code: null,
    param: 'discounts[0][promotion_code]',
    request_log_url: 'https://dashboard.stripe.com/test/logs/req_X',
  },
  matched,
  ambiguous_with,
});
const EVIDENCE: { [C in ReasonCode]?: EvidenceByCode[C][] } = {
  promotion_code_not_found: [
    stripeAnswer("No such promotion code: 'promo_Nope'", 'no_such_promotion_code'),
    { query: 'promo_Nope', looked_up_by: 'id' },
    { query: 'SUMMER20', looked_up_by: 'code' },
  ],
  promotion_code_inactive: [
    { active: false, coupon_checked: true },
    { active: false, coupon_checked: false },
  ],
  promotion_code_expired: [{ expires_at: 1767225600, expires_at_iso: '2026-01-01T00:00:00Z', ...deadline }],
  promotion_code_max_redemptions_reached: [{ times_redeemed: 100, max_redemptions: 100, remaining: 0 }],
  coupon_deleted: [{ coupon: 'OLD10' }],
  coupon_redeem_by_passed: [{ redeem_by: 1767225600, redeem_by_iso: '2026-01-01T00:00:00Z', ...deadline }],
  coupon_max_redemptions_reached: [
    { times_redeemed: 1, max_redemptions: 1, remaining: 0 },
    stripeAnswer('Coupon X is expired and cannot be applied.', 'coupon_expired', ['coupon_redeem_by_passed']),
  ],
  coupon_invalid: [{ valid: false }],
  customer_mismatch: [
    { restricted_to: 'cus_A', restricted_by: 'customer', customer: 'cus_B' },
    { restricted_to: 'acct_A', restricted_by: 'customer_account', customer: 'cus_B' },
  ],
  customer_deleted: [
    { customer: 'cus_Gone', role: 'restricted_to' },
    { customer: 'cus_Gone', role: 'redeeming' },
    { customer: 'cus_Gone', role: 'inspected' },
  ],
  customer_has_prior_transactions: [
    {
      customer: 'cus_B',
      transactions: [
        {
          object: 'charge',
          id: 'ch_1',
          status: 'succeeded',
          created: 1760000000,
          created_iso: '2025-10-09T08:53:20Z',
          rule: 'successful_payment_or_invoice',
          strength: 'documented',
          counted_by: ['api_reference', 'billing_guide', 'checkout_guide'],
          not_counted_by: [],
        },
        {
          object: 'payment_intent',
          id: 'pi_1',
          status: 'requires_payment_method',
          created: null,
          created_iso: null,
          rule: 'payment_intent_initiated',
          strength: 'documented',
          counted_by: ['billing_guide'],
          not_counted_by: ['api_reference'],
        },
        {
          object: 'invoice',
          id: 'in_1',
          status: 'open',
          created: 1760000000,
          created_iso: '2025-10-09T08:53:20Z',
          rule: 'invoice_exists',
          strength: 'reported',
          counted_by: ['checkout_guide', 'public_reports'],
          not_counted_by: ['api_reference'],
        },
        {
          object: 'subscription',
          id: 'sub_1',
          status: 'canceled',
          created: 1760000000,
          created_iso: '2025-10-09T08:53:20Z',
          rule: 'subscription_exists',
          strength: 'documented',
          counted_by: ['billing_guide'],
          not_counted_by: ['api_reference'],
        },
      ],
      weak_evidence_only: false,
    },
  ],
  minimum_amount_not_met: [
    stripeAnswer(
      'This promotion code cannot be redeemed because the associated purchase does not meet the minimum amount requirement.',
      'minimum_amount',
    ),
    { amount: 4000, currency: 'eur', minimum_amount: 4500, minimum_from: 'currency_options' },
  ],
  currency_mismatch: [
    { restriction: 'amount_off', currency: 'eur', accepted_currencies: ['usd'], currency_options_known: false },
    {
      restriction: 'minimum_amount',
      currency: 'gbp',
      accepted_currencies: ['usd', 'eur'],
      currency_options_known: true,
    },
    { restriction: 'minimum_amount', currency: 'gbp', accepted_currencies: ['usd'], currency_options_known: false },
  ],
  product_not_eligible: [{ products: ['prod_B'], applies_to_products: ['prod_A'] }],
  discount_ended: [
    { end: 1767225600, end_iso: '2026-01-01T00:00:00Z', ...deadline, coupon: 'QUARTER20' },
    { end: 1767225600, end_iso: '2026-01-01T00:00:00Z', ...deadline, coupon: null },
  ],
  livemode_mismatch: [
    { query: 'promo_Live', key_mode: 'test', object_mode: 'live', stripe_message: 'No such promotion code.' },
  ],
  restricted_to_customer: [{ restricted_to: 'cus_A', restricted_by: 'customer' }],
  first_time_customers_only: [
    { first_time_transaction: true, customer: null, history_checked: false, history_unavailable: 'no_customer' },
    { first_time_transaction: true, customer: 'cus_B', history_checked: false, history_unavailable: 'offline' },
  ],
  coupon_not_checked: [{ coupon: 'COUPON_REF', expanded: false }],
  minimum_amount_refused_on_surface: [
    { surface: 'portal', minimums: [{ currency: 'usd', minimum_amount: 5000 }] },
    {
      surface: 'invoice',
      minimums: [
        { currency: 'usd', minimum_amount: 5000 },
        { currency: 'eur', minimum_amount: 4500 },
      ],
    },
  ],
  trial_first_invoice_zero: [
    { trial: true, minimums: [{ currency: 'usd', minimum_amount: 5000 }], first_invoice_amount: 0 },
  ],
  checkout_discount_already_applied: [
    { surface: 'checkout', existing_discounts: [{ id: null, coupon: 'C1', promotion_code: 'promo_1' }] },
  ],
  discount_limit_reached: [
    { surface: 'subscription', existing_count: 20, limit: 20 },
    { surface: null, existing_count: 21, limit: 20 },
  ],
  coupon_already_applied: [
    {
      coupon: 'C1',
      matched_by: 'promotion_code',
      existing_discount: { id: 'di_1', coupon: 'C1', promotion_code: 'promo_1' },
    },
  ],
  portal_promotion_codes_disabled: [
    { configuration: 'bpc_1', subscription_update_enabled: false, default_allowed_updates: [] },
  ],
  product_not_discounted: [{ surface: 'invoice', products: ['prod_B'], applies_to_products: ['prod_A'] }],
  minimum_amount_limits_surfaces: [
    { refused_on: ['subscription_update', 'portal', 'invoice'], minimums: [{ currency: 'usd', minimum_amount: 5000 }] },
  ],
  minimum_amount_required: [
    { minimums: [{ currency: 'usd', minimum_amount: 5000 }], currency: null },
    { minimums: [{ currency: 'usd', minimum_amount: 5000 }], currency: 'usd' },
  ],
  currency_restricted: [{ accepted_currencies: ['usd', 'eur'], currency_options_known: true }],
  products_restricted: [{ applies_to_products: ['prod_A', 'prod_B'] }],
  promotion_code_expires_soon: [
    { expires_at: 1780704000, expires_at_iso: '2026-06-06T00:00:00Z', ...deadline, warn_within_seconds: 604800 },
  ],
  coupon_redeem_by_soon: [
    { redeem_by: 1780704000, redeem_by_iso: '2026-06-06T00:00:00Z', ...deadline, warn_within_seconds: 604800 },
  ],
  promotion_code_nearly_exhausted: [count],
  coupon_nearly_exhausted: [count],
  discount_applied_to_nothing: [
    {
      order: 'cs_test_1',
      order_type: 'checkout_session',
      coupon: 'SHIRTS10',
      promotion_code: null,
      amount_discounted: 0,
      line_products: ['prod_Mug'],
      applies_to_products: ['prod_Shirt'],
    },
    {
      order: 'in_1',
      order_type: 'invoice',
      coupon: null,
      promotion_code: 'promo_1',
      amount_discounted: null,
      line_products: null,
      applies_to_products: null,
    },
  ],
  coupon_not_found: [stripeAnswer("No such coupon: 'X'", 'no_such_coupon')],
  coupon_and_promotion_code_conflict: [
    stripeAnswer(
      'You may only specify one of these parameters: coupon, promotion_code',
      'coupon_and_promotion_code_conflict',
    ),
  ],
  discount_parameter_removed: [
    {
      ...stripeAnswer('Received unknown parameter: coupon', 'discount_parameter_removed'),
      api_version: '2025-03-31.basil',
    },
    { ...stripeAnswer('Received unknown parameter: promotion_code', 'discount_parameter_removed'), api_version: null },
  ],
  customer_currency_locked: [
    { customer: 'cus_A', customer_currency: 'eur', currency: 'usd' },
    stripeAnswer('You cannot combine currencies on a single customer.', 'customer_currency_locked'),
  ],
  promotion_codes_not_allowed: [
    { order: 'cs_test_1', order_type: 'checkout_session', allow_promotion_codes: false },
    { order: 'plink_1', order_type: 'payment_link', allow_promotion_codes: null },
  ],
  checkout_discounts_conflict: [
    stripeAnswer(
      'You may only specify one of these parameters: allow_promotion_codes, discounts.',
      'checkout_discounts_conflict',
    ),
  ],
  checkout_single_discount: [
    stripeAnswer('Checkout Sessions supports up to one coupon or promotion code.', 'checkout_single_discount'),
  ],
  total_reduced_to_zero: [
    {
      ...stripeAnswer(
        'This promotion code cannot be applied because it reduces the total to zero.',
        'total_reduced_to_zero',
      ),
      api_version: '2022-11-15',
    },
    {
      ...stripeAnswer(
        'This promotion code cannot be applied because it reduces the total to zero.',
        'total_reduced_to_zero',
      ),
      api_version: null,
    },
  ],
  stripe_refusal_unrecognised: [stripeAnswer('Your card was declined.', 'none')],
  discount_outlives_coupon: [
    {
      coupon: 'cpn',
      coupon_state: 'invalid',
      duration: 'once',
      end: null,
      end_iso: null,
      applies_until: 'next_invoice',
    },
    {
      coupon: 'cpn',
      coupon_state: 'deleted',
      duration: null,
      end: 1790000000,
      end_iso: '2026-09-21T14:13:20Z',
      applies_until: 'end',
    },
    { coupon: 'cpn', coupon_state: 'invalid', duration: 'forever', end: null, end_iso: null, applies_until: 'forever' },
    { coupon: 'cpn', coupon_state: 'deleted', duration: null, end: null, end_iso: null, applies_until: 'unknown' },
  ],
  discount_stopped: [
    {
      cause: 'once_used',
      coupon: 'cpn',
      duration: 'once',
      duration_in_months: null,
      end: null,
      end_iso: null,
      invoice: 'in_1',
      invoice_subtotal: 4000,
      currency: 'usd',
      replaced_by: [],
      coupon_deleted: false,
      removal_event: 'not_read',
      removed_at: null,
      removed_at_iso: null,
      removed_by: null,
      request_id: null,
    },
    {
      cause: 'replaced_by_update',
      coupon: null,
      duration: null,
      duration_in_months: null,
      end: 1790000000,
      end_iso: '2026-09-21T14:13:20Z',
      invoice: null,
      invoice_subtotal: null,
      currency: null,
      replaced_by: ['di_2'],
      coupon_deleted: true,
      removal_event: 'found',
      removed_at: 1790000000,
      removed_at_iso: '2026-09-21T14:13:20Z',
      removed_by: 'dashboard_or_api',
      request_id: 'req_1',
    },
  ],
};

/** Which object a detection is about, when a code can be about two. */
function objectFor(code: ReasonCode, evidence: unknown): 'promotion_code' | undefined {
  return code === 'currency_mismatch' && (evidence as { restriction: string }).restriction === 'minimum_amount'
    ? 'promotion_code'
    : undefined;
}

function docWithReasons(
  reasons: Diagnosis['reasons'],
  target: Diagnosis['target'] = { type: 'promotion_code', id: 'promo_X', code: 'X' },
): Json {
  const verdict = reasons.some((f) => f.severity === 'blocking')
    ? 'not_redeemable'
    : reasons.some((f) => f.severity === 'conditional')
      ? 'conditional'
      : 'redeemable';
  return diagnosisDocument(
    { target, evaluated_at: AT, verdict, reasons, checks: [] },
    bareContext(AT),
  ) as unknown as Json;
}

describe('every reason code, with its typed evidence, as a finding in a document', () => {
  const cases = (Object.keys(EVIDENCE) as ReasonCode[]).flatMap((code) =>
    ((EVIDENCE[code] ?? []) as unknown[]).map((evidence, i) => [`${code} #${i + 1}`, code, evidence] as const),
  );

  it('names only codes of the catalogue', () => {
    expect(Object.keys(EVIDENCE).filter((code) => !CATALOGUE_CODES.includes(code))).toEqual([]);
  });

  it.each(cases)('%s validates', (_name, code, evidence) => {
    const finding = toFinding(detect(code, 'obj_X', evidence as never, objectFor(code, evidence)) as Detection);
    const target: Diagnosis['target'] =
      finding.object === 'discount'
        ? { type: 'discount', id: 'di_X' }
        : { type: 'promotion_code', id: 'promo_X', code: 'X' };
    const doc = docWithReasons([finding], target);
    if (target.type === 'discount') doc.discounts = [];
    assertDiagnosisDocument(doc);
  });

  it.each(cases)('%s: an extra evidence key is rejected', (_name, code, evidence) => {
    const finding = toFinding(
      detect(code, 'obj_X', { ...(evidence as object), surprise: 1 } as never, objectFor(code, evidence)) as Detection,
    );
    const doc = docWithReasons([finding], finding.object === 'discount' ? { type: 'discount', id: 'di_X' } : undefined);
    if (finding.object === 'discount') doc.discounts = [];
    expect(diagnosisErrors(doc)).not.toEqual([]);
  });

  it.each(cases)('%s: each missing evidence key is rejected', (_name, code, evidence) => {
    for (const key of Object.keys(evidence as object)) {
      const partial = { ...(evidence as Record<string, unknown>) };
      delete partial[key];
      const finding = {
        ...toFinding(detect(code, 'obj_X', evidence as never, objectFor(code, evidence)) as Detection),
        evidence: partial,
      } as Diagnosis['reasons'][number];
      const doc = docWithReasons(
        [finding],
        finding.object === 'discount' ? { type: 'discount', id: 'di_X' } : undefined,
      );
      if (finding.object === 'discount') doc.discounts = [];
      expect(diagnosisErrors(doc), `${code} without ${key}`).not.toEqual([]);
    }
  });
});

// Raw Stripe shapes for the in-process documents.
const coupon = (over: Json = {}): Json => ({
  id: 'CPN10',
  object: 'coupon',
  amount_off: null,
  currency: null,
  duration: 'once',
  percent_off: 10,
  max_redemptions: null,
  times_redeemed: 0,
  redeem_by: null,
  valid: true,
  ...over,
});
const promo = (over: Json = {}): Json => ({
  id: 'promo_A',
  object: 'promotion_code',
  active: true,
  code: 'SHARED',
  coupon: coupon(),
  customer: null,
  expires_at: null,
  max_redemptions: null,
  times_redeemed: 0,
  restrictions: { first_time_transaction: false, minimum_amount: null, minimum_amount_currency: null },
  ...over,
});

function normalized<T>(raw: Json): T {
  return normalizeDiagnosable(raw) as T;
}

describe('documents built in-process by diagnosisDocument()', () => {
  const ctx = bareContext(AT);

  it('a shared customer-facing code: matches hold full documents, $ref to the root', () => {
    const a = diagnosePromotionCode(normalized<PromotionCode>(promo({ id: 'promo_A', customer: 'cus_A' })), ctx);
    const b = diagnosePromotionCode(
      normalized<PromotionCode>(promo({ id: 'promo_B', active: false, expires_at: 1767225600 })),
      ctx,
    );
    const doc = diagnosisDocument(diagnoseSharedCode('SHARED', [a, b], ctx), ctx);
    assertDiagnosisDocument(doc);
    expect(doc.matches).toHaveLength(2);
    expect(doc.selected).toBe('promo_A');
    // The nested documents are checked against the root schema too.
    const broken = structuredClone(doc) as unknown as { matches: Json[] };
    broken.matches[1]!.verdict = 'maybe';
    expect(diagnosisErrors(broken)).not.toEqual([]);
  });

  it('a promotion code restricted to an expanded customer, with an amount_off coupon with currency_options and applies_to', () => {
    const raw = promo({
      customer: { id: 'cus_A', object: 'customer', name: 'A', email: null, discount: null },
      coupon: coupon({
        percent_off: null,
        amount_off: 500,
        currency: 'usd',
        currency_options: { eur: { amount_off: 450 } },
        applies_to: { products: ['prod_A'] },
      }),
      restrictions: {
        first_time_transaction: true,
        minimum_amount: 1000,
        minimum_amount_currency: 'usd',
        currency_options: { eur: { minimum_amount: 900 } },
      },
    });
    const code = normalized<PromotionCode>(raw);
    for (const c of [ctx, bareContext(AT, { customer: 'cus_B', currency: 'gbp', amount: 100, products: ['prod_B'] })]) {
      const doc = diagnosisDocument(diagnosePromotionCode(code, c), c);
      assertDiagnosisDocument(doc);
    }
  });

  it('a promotion code whose coupon is a deleted stub, one whose coupon is an id, one with no coupon', () => {
    for (const couponRaw of [{ id: 'OLD', object: 'coupon', deleted: true }, 'CPN10', null]) {
      const doc = diagnosisDocument(
        diagnosePromotionCode(normalized<PromotionCode>(promo({ coupon: couponRaw })), ctx),
        ctx,
      );
      assertDiagnosisDocument(doc);
    }
  });

  it('a coupon, a subscription with discounts, a standalone discount, a customer with subscriptions', () => {
    const discount = (over: Json = {}): Json => ({
      id: 'di_1',
      object: 'discount',
      source: { type: 'coupon', coupon: coupon({ duration: 'repeating', duration_in_months: 3, valid: false }) },
      promotion_code: promo({ id: 'promo_P' }),
      customer: 'cus_A',
      subscription: 'sub_1',
      start: 1760000000,
      end: 1767225600,
      ...over,
    });
    const sub: Json = {
      id: 'sub_1',
      object: 'subscription',
      status: 'active',
      customer: 'cus_A',
      discounts: [discount(), discount({ id: 'di_2', end: null, coupon: 'CPN10', source: undefined })],
    };
    const docs = [
      diagnosisDocument(
        diagnoseCoupon(
          normalized<Coupon>(coupon({ max_redemptions: 10, times_redeemed: 10, redeem_by: 1767225600 })),
          ctx,
        ),
        ctx,
      ),
      diagnosisDocument(diagnoseSubscription(normalized<Subscription>(sub), ctx), ctx),
      diagnosisDocument(diagnoseStandaloneDiscount(normalized<Discount>(discount({ end: 1790000000 })), ctx), ctx),
      diagnosisDocument(
        diagnoseCustomer(
          normalized<Customer>({
            id: 'cus_A',
            object: 'customer',
            discount: discount({ subscription: null }),
            subscriptions: { object: 'list', data: [sub] },
          }),
          ctx,
        ),
        ctx,
      ),
    ];
    for (const doc of docs) assertDiagnosisDocument(doc);
    expect(docs[1]!.verdict).toBe('not_redeemable');
    expect(docs[1]!.discounts!.map((d) => d.applies)).toEqual([false, true]);
  });

  it('a promotion code that was not found', () => {
    const d = diagnoseMissing(
      detect('promotion_code_not_found', 'SUMMER20', { query: 'SUMMER20', looked_up_by: 'code' }),
      { type: 'promotion_code', id: 'SUMMER20', code: 'SUMMER20' },
      ctx,
    );
    assertDiagnosisDocument(diagnosisDocument(d, ctx));
  });
});

describe('the schema rejects drift', () => {
  const ctx = bareContext(AT);
  const base = (): Json =>
    structuredClone(
      diagnosisDocument(diagnosePromotionCode(normalized<PromotionCode>(promo({ customer: 'cus_A' })), ctx), ctx),
    ) as unknown as Json;
  const reasonsOf = (doc: Json) => doc.reasons as Json[];

  it('the base document is valid (restricted_to_customer, conditional)', () => {
    const doc = base();
    assertDiagnosisDocument(doc);
    expect(reasonsOf(doc).map((f) => f.code)).toEqual(['restricted_to_customer']);
  });

  const mutations: Array<[string, (doc: Json) => void]> = [
    ['an unknown top-level key', (d) => (d.extra = true)],
    ['schema_version 2', (d) => (d.schema_version = 2)],
    ['a missing context', (d) => delete d.context],
    ['an extra context key', (d) => ((d.context as Json).extra = 1)],
    ['evaluated_at not a date-time', (d) => (d.evaluated_at = '2026-06-01')],
    ['an unknown verdict', (d) => (d.verdict = 'maybe')],
    ['redeemable false with a conditional verdict', (d) => (d.redeemable = false)],
    ['a verdict that ignores a conditional finding', (d) => (d.verdict = 'redeemable')],
    ['an unknown reason code', (d) => (reasonsOf(d)[0]!.code = 'code_is_haunted')],
    ['a severity other than the catalogue one', (d) => (reasonsOf(d)[0]!.severity = 'warning')],
    ['an object other than the catalogue one', (d) => (reasonsOf(d)[0]!.object = 'coupon')],
    ['a finding without a fix', (d) => delete reasonsOf(d)[0]!.fix],
    ['a finding message of two lines', (d) => (reasonsOf(d)[0]!.message = 'One.\nTwo.')],
    ['an extra finding key', (d) => (reasonsOf(d)[0]!.extra = 1)],
    ['an unknown check status', (d) => ((d.checks as Json[])[0]!.status = 'ok')],
    ['an extra key on the promotion code', (d) => ((d.promotion_code as Json).metadata = {})],
    ['an unknown coupon kind', (d) => ((d.coupon as Json).kind = 'voucher')],
    ['matches without selected', (d) => (d.matches = [base()])],
    ['a target of an unknown type', (d) => ((d.target as Json).type = 'charge')],
    // Constraints that come from JSDoc tags on the types (scripts/schema.mjs).
    ['an empty id', (d) => ((d.target as Json).id = '')],
    ['a fractional times_redeemed', (d) => ((d.promotion_code as Json).times_redeemed = 1.5)],
    ['a negative context amount', (d) => ((d.context as Json).amount = -1)],
    ['an upper-case context currency', (d) => ((d.context as Json).currency = 'USD')],
    ['a context customer that is not a customer id', (d) => ((d.context as Json).customer = 'bob')],
    ['an evidence id that is empty', (d) => ((reasonsOf(d)[0]!.evidence as Json).restricted_to = '')],
  ];

  it.each(mutations)('%s', (_name, mutate) => {
    const doc = base();
    mutate(doc);
    expect(diagnosisErrors(doc)).not.toEqual([]);
  });

  it('reasons --json: a missing entry, a wrong severity or an extra key is rejected', () => {
    const entries = JSON.parse(renderCatalogueJson()) as Json[];
    expect(reasonsErrors(entries)).toEqual([]);
    expect(reasonsErrors(entries.slice(1))).not.toEqual([]);
    const wrong = structuredClone(entries);
    wrong[0]!.severity = wrong[0]!.severity === 'info' ? 'blocking' : 'info';
    expect(reasonsErrors(wrong)).not.toEqual([]);
    const extra = structuredClone(entries);
    extra[0]!.extra = 1;
    expect(reasonsErrors(extra)).not.toEqual([]);
  });
});
