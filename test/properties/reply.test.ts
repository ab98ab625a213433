/**
 * `--format reply` is for the customer: over the property tests' generated inputs (every
 * diagnosable object in every wrapper, mutated Stripe JSON, and Stripe's refusals as error
 * bodies and Dashboard logs), no reply names an id (`promo_…`, `cus_…`, `cs_…`…), a field path
 * (`restrictions.minimum_amount`, `expires_at`), a reason code, or any id-like value of the
 * input (a coupon id, a customer-facing code). Each reply is plain sentences on one line.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.js';
import { parseStripeText } from '../../src/model/input.js';
import { renderReply } from '../../src/render/reply.js';
import { REASON_CODES } from '../../src/rules/catalogue.js';
import type { RedemptionContext } from '../../src/rules/context.js';
import { STRIPE_MESSAGES } from '../../src/rules/stripeMessages.js';
import { diagnose } from '../../src/usecases/explain.js';
import { requestContext } from '../../src/usecases/requestContext.js';
import { SEED, mutatedStripeJson, redemptionContext, stripeText, typeGarbage } from '../helpers/arbitraries.js';

const ID_PREFIX = /\b(promo|cus|cs|sub|si|in|ii|pi|ch|py|prod|price|plan|acct|di|req|evt|pm|src|txn|re|cn|bpc)_/;
/** snake_case words (Stripe's fields, our reason codes) and dotted paths. */
const FIELD = /\b[a-z][a-z0-9]*(?:_[a-z0-9]+)+\b|\b[a-z_]+\.[a-z_]+\b/;

/** String values of the input that look like ids or codes: upper case, digits or underscores, 4 characters or more. */
function idLikeValues(value: unknown, out: Set<string> = new Set()): Set<string> {
  if (typeof value === 'string') {
    if (/^[A-Za-z0-9_-]{4,}$/.test(value) && /[A-Z0-9_]/.test(value) && !/^\d+$/.test(value)) out.add(value);
  } else if (Array.isArray(value)) for (const v of value) idLikeValues(v, out);
  else if (typeof value === 'object' && value !== null) for (const v of Object.values(value)) idLikeValues(v, out);
  return out;
}

function replies(text: string, ctx: RedemptionContext): string[] {
  try {
    const parsed = parseStripeText(text, 'standard input');
    return parsed.items.map((item) =>
      renderReply(diagnose(item, item.kind === 'failed_request' ? requestContext(item, ctx, {}) : ctx)),
    );
  } catch (error) {
    if (error instanceof InputError) return [];
    throw error;
  }
}

function expectForTheCustomer(reply: string, input: unknown): void {
  expect(reply).toMatch(/^[^\n]+\n$/);
  expect(reply).not.toMatch(ID_PREFIX);
  expect(reply).not.toMatch(FIELD);
  for (const code of REASON_CODES) expect(reply).not.toContain(code);
  for (const value of idLikeValues(input)) {
    // Currencies are said in capitals (USD): only a value that is not one may not appear.
    if (/^[A-Z]{3}$/.test(value)) continue;
    expect(reply, `the reply names ${value}`).not.toContain(value);
  }
}

const RUNS = { seed: SEED, numRuns: 300 };

const errorBody = fc.record({
  message: fc.oneof(fc.constantFrom(...STRIPE_MESSAGES.map((m) => m.example)), fc.string({ maxLength: 60 })),
  type: fc.constant('invalid_request_error'),
  code: fc.option(fc.constantFrom('resource_missing', 'coupon_expired'), { nil: undefined }),
  param: fc.option(fc.constantFrom('discounts[0][promotion_code]', 'promotion_code', 'coupon'), { nil: undefined }),
});

describe('--format reply never names an id, a field or a reason code', () => {
  it('every diagnosable object, in every wrapper', () => {
    fc.assert(
      fc.property(stripeText, redemptionContext(), ({ text, items }, ctx) => {
        for (const reply of replies(text, ctx)) expectForTheCustomer(reply, items);
      }),
      RUNS,
    );
  });

  it('mutated Stripe JSON', () => {
    fc.assert(
      fc.property(mutatedStripeJson(typeGarbage), redemptionContext(), (value, ctx) => {
        for (const reply of replies(JSON.stringify(value), ctx)) expectForTheCustomer(reply, value);
      }),
      RUNS,
    );
  });

  it("Stripe's refusals, as error bodies and as Dashboard logs", () => {
    fc.assert(
      fc.property(errorBody, fc.boolean(), redemptionContext(), (error, asLog, ctx) => {
        const body = JSON.stringify({ error }, null, 1);
        const text = asLog
          ? ['POST /v1/checkout/sessions', 'Status', '400 ERR', 'ID', 'req_Prop01', 'Response body', body].join('\n')
          : body;
        const out = replies(text, ctx);
        // Stripe's own text is for the merchant: an id it quotes is input too.
        for (const reply of out)
          expectForTheCustomer(reply, [error, error.message.split(/[\s:;,'"]+/).filter((w) => /[_0-9]/.test(w))]);
      }),
      RUNS,
    );
  });
});
