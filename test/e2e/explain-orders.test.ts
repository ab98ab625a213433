/**
 * End to end: `explain` of Checkout Sessions, invoices, invoice previews and a subscription
 * with item-level discounts, through the built binary; every --json document validates
 * against the published schema. Also a `checkout.session.completed` event in a stream.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { assertDiagnosisDocument } from '../helpers/schema.js';
import { FIXTURES, parseJson, parseNdjson, runCli } from '../helpers/cli.js';
import { atFlag } from '../helpers/time.js';

const AT = atFlag('2026-03-03T00:00:00Z');
const order = (name: string) => `${FIXTURES}explain/orders/${name}`;

interface Doc {
  target: { type: string; id: string };
  verdict: string;
  reasons: Array<{ code: string; id: string }>;
  discounts: Array<{ attached_to: { type: string } }>;
}

describe('explain an order', () => {
  it.each([
    ['checkout-session-discounted.json', 'checkout_session', 'cs_test_Example0301', 0, []],
    [
      'checkout-session-discounted-nothing.json',
      'checkout_session',
      'cs_test_Example0302',
      0,
      ['discount_applied_to_nothing'],
    ],
    ['invoice-product-restricted.json', 'invoice', 'in_Example0401', 0, ['discount_applied_to_nothing']],
    ['invoice-preview-2024-06-20.json', 'invoice', 'invoice_preview', 0, []],
    ['subscription-item-discount.json', 'subscription', 'sub_Example0501', 0, ['discount_outlives_coupon']],
  ] as const)('%s', async (name, type, id, exit, codes) => {
    const r = await runCli(['explain', order(name), ...AT, '--json']);
    expect(r.code, r.stderr).toBe(exit);
    expect(r.stderr).toBe('');
    const doc = parseJson(r.stdout) as Doc;
    assertDiagnosisDocument(doc);
    expect(doc.target).toEqual({ type, id });
    expect(doc.reasons.map((f) => f.code)).toEqual(codes);
  });

  it('--strict fails on the warning', async () => {
    const r = await runCli(['explain', order('checkout-session-discounted-nothing.json'), ...AT, '--strict']);
    expect(r.code).toBe(1);
    expect(r.stdout.split('\n')[0]).toBe(
      'Checkout Session cs_test_Example0302 · open · guest (no customer) · at 2026-03-03',
    );
    expect(r.stdout).toContain('  Discount: coupon SHIRTS10: took off €0.00');
    expect(r.stdout).toContain(
      '! Discount applied to nothing: The coupon SHIRTS10 on Checkout Session cs_test_Example0302 discounted nothing (it applies to prod_Shirt; the lines are prod_Mug).',
    );
  });

  it('a checkout.session.completed event in a stream is explained like the session', async () => {
    const session = JSON.parse(readFileSync(order('checkout-session-discounted-nothing.json'), 'utf8')) as unknown;
    const event = {
      id: 'evt_Example0601',
      object: 'event',
      api_version: '2025-09-30.clover',
      created: 1772460960,
      data: { object: session },
      livemode: false,
      type: 'checkout.session.completed',
    };
    const r = await runCli(['explain', '-', ...AT, '--json'], {
      stdin: `${JSON.stringify(event)}\n${JSON.stringify(event)}\n`,
    });
    expect(r.code, r.stderr).toBe(0);
    const docs = parseNdjson(r.stdout) as Doc[];
    docs.forEach(assertDiagnosisDocument);
    expect(docs.map((d) => d.reasons.map((f) => f.code))).toEqual([
      ['discount_applied_to_nothing'],
      ['discount_applied_to_nothing'],
    ]);
  });
});
