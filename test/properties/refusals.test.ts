/**
 * Arbitrary failed requests and error bodies into `explain`, in process: whatever the request
 * body and Stripe's message, the document validates against the published schema, or a
 * InputError comes out; never another exception. And any message, known or not, gives at
 * least one finding: a refusal is never dropped.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { diagnose } from '../../src/usecases/explain.js';
import { explainContext } from '../../src/usecases/explain.js';
import { InputError } from '../../src/errors.js';
import { parseStripeText } from '../../src/model/input.js';
import { diagnosisDocument } from '../../src/render/json.js';
import { renderHuman } from '../../src/render/human.js';
import { renderMarkdown } from '../../src/render/markdown.js';
import { createPalette } from '../../src/render/palette.js';
import { bareContext } from '../../src/rules/context.js';
import { STRIPE_MESSAGES } from '../../src/rules/stripeMessages.js';
import { SEED } from '../helpers/arbitraries.js';
import { assertDiagnosisDocument } from '../helpers/schema.js';

const AT = Date.UTC(2026, 0, 15) / 1000;

const message = fc.oneof(
  fc.constantFrom(...STRIPE_MESSAGES.map((m) => m.example)),
  fc.string({ minLength: 1, maxLength: 80 }),
);
const errorBody = fc.record({
  message,
  type: fc.constantFrom('invalid_request_error', 'card_error', 'api_error'),
  code: fc.option(fc.constantFrom('resource_missing', 'coupon_expired', 'card_declined'), { nil: undefined }),
  param: fc.option(fc.constantFrom('discounts[0][promotion_code]', 'promotion_code', 'coupon'), { nil: undefined }),
});
const requestBody = fc.oneof(
  fc.json({ maxDepth: 3 }),
  fc
    .record({
      customer: fc.constantFrom('cus_A1', 'not a customer', ''),
      discounts: fc.constantFrom([{ promotion_code: 'promo_1' }], { 0: { coupon: 'C' } }, 'x'),
      line_items: fc.array(
        fc.record({
          price_data: fc.record({
            currency: fc.constantFrom('usd', 'EUR', 'xx'),
            unit_amount: fc.oneof(fc.nat(), fc.constant('12'), fc.constant(-1)),
          }),
          quantity: fc.oneof(fc.nat(5), fc.constant('2')),
        }),
        { maxLength: 3 },
      ),
    })
    .map((b) => JSON.stringify(b)),
);
const log = fc
  .record({
    path: fc.constantFrom(
      '/v1/checkout/sessions',
      '/v1/subscriptions',
      '/v1/invoices',
      '/v1/customers/cus_A1',
      '/v1/unknown',
    ),
    status: fc.constantFrom('400 ERR', '402', '999 weird', ''),
    time: fc.constantFrom('7/14/23, 4:36:55 AM', '2024-04-11 10:22:31', 'yesterday', '1/1/1969, 1:00:00 AM'),
    error: errorBody,
    body: requestBody,
  })
  .map((l) =>
    [
      `POST ${l.path}`,
      'Status',
      l.status,
      'ID',
      'req_Prop01',
      'Time',
      l.time,
      'API version',
      '2022-11-15',
      'Response body',
      JSON.stringify({ error: l.error }, null, 1),
      'Request POST body',
      l.body,
    ].join('\n'),
  );

const plain = createPalette(false);

describe('arbitrary refusals into explain', () => {
  it('a schema-valid document with at least one finding, or an InputError', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          log,
          errorBody.map((e) => JSON.stringify({ error: e })),
        ),
        (text) => {
          let parsed: ReturnType<typeof parseStripeText>;
          try {
            parsed = parseStripeText(text, 'input');
          } catch (error) {
            expect(error).toBeInstanceOf(InputError);
            return;
          }
          const ctx = bareContext(AT);
          for (const item of parsed.items) {
            let itemCtx: ReturnType<typeof explainContext>;
            try {
              itemCtx = explainContext(item, ctx, {});
            } catch (error) {
              // An error that is not about a discount is one sentence, never a diagnosis (issue 17, item 4).
              expect(error).toBeInstanceOf(InputError);
              continue;
            }
            const d = diagnose(item, itemCtx);
            expect(d.reasons.length).toBeGreaterThan(0);
            assertDiagnosisDocument(JSON.parse(JSON.stringify(diagnosisDocument(d, itemCtx))));
            for (const rendered of [
              renderHuman(d, itemCtx, plain, { offline: true, width: 80, verbose: true }),
              renderMarkdown(d, itemCtx, { offline: true }),
            ]) {
              expect(rendered).not.toMatch(/undefined|\[object |NaN/);
            }
          }
        },
      ),
      { seed: SEED, numRuns: 300 },
    );
  });
});
