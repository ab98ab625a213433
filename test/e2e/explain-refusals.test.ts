/**
 * End to end: `explain` of Stripe's error bodies (and, below, of failed requests from the
 * Dashboard log) through the built binary; every --json document validates against the
 * published schema, and `reasons` shows the message table.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { STRIPE_MESSAGES } from '../../src/rules/stripeMessages.js';
import { assertDiagnosisDocument } from '../helpers/schema.js';
import { FIXTURES, parseJson, runCli } from '../helpers/cli.js';
import { atFlag } from '../helpers/time.js';

const AT = atFlag('2026-01-15T00:00:00Z');
const errors = readdirSync(`${FIXTURES}explain/errors`).filter((f) => f.endsWith('.json'));

describe('explain a Stripe error body', () => {
  it.each(errors)("%s: exit 1, a schema-valid document that keeps Stripe's error", async (name) => {
    const r = await runCli(['explain', `${FIXTURES}explain/errors/${name}`, ...AT, '--json']);
    expect(r.code, r.stderr).toBe(1);
    expect(r.stderr).toBe('');
    const doc = parseJson(r.stdout) as {
      target: { type: string };
      stripe_error: { message: string };
      reasons: unknown[];
    };
    assertDiagnosisDocument(doc);
    expect(doc.target.type).toBe('stripe_error');
    expect(doc.stripe_error.message.length).toBeGreaterThan(0);
    expect(doc.reasons.length).toBeGreaterThan(0);
  });

  it('human output quotes Stripe and says what it means', async () => {
    const r = await runCli(['explain', `${FIXTURES}explain/errors/prior-transactions.json`, ...AT, '--verbose']);
    expect(r.code).toBe(1);
    expect(r.stdout.split('\n')[0]).toBe('Stripe error req_Example0105 · invalid_request_error · at 2026-01-15');
    expect(r.stdout).toContain(
      '✗ Not a first-time customer: Stripe refused: "This promotion code cannot be redeemed because the associated customer has prior transactions"; that is: not a first-time customer.',
    );
    expect(r.stdout).toContain('stripe_error.param: discounts[0][promotion_code]');
  });
});

describe('promo-doctor reasons shows the message table', () => {
  it('every message, what it means and its source', async () => {
    const r = await runCli(['reasons']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("Stripe's refusal messages");
    for (const m of STRIPE_MESSAGES) {
      expect(r.stdout).toContain(`"${m.example}"`);
      expect(r.stdout).toContain(`means: ${m.means.join(' or ')}`);
      expect(r.stdout).toContain(`source: ${m.source}`);
    }
  });

  it('reasons <code> lists the messages that mean it', async () => {
    const r = await runCli(['reasons', 'coupon_max_redemptions_reached']);
    expect(r.stdout).toContain('Stripe says');
    expect(r.stdout).toContain('"Coupon rIKJvnUw is expired and cannot be applied." (coupon_expired)');
  });
});

describe('explain a failed request from the Dashboard log', () => {
  const log = (name: string) => `${FIXTURES}explain/failed-requests/${name}`;
  interface Doc {
    target: { type: string; id: string };
    evaluated_at: string;
    context: { customer: string | null; amount: number | null; currency: string | null };
    reasons: Array<{ code: string; id: string }>;
    failed_request: { check_command: string | null; redeemed: { promotion_code: string | null } };
  }

  it("the whole request: the code, the customer, the amount, Stripe's answer, the live command; evaluated at the log's time", async () => {
    const r = await runCli(['explain', log('checkout-prior-transactions.txt'), '--json']);
    expect(r.code, r.stderr).toBe(1);
    const doc = parseJson(r.stdout) as Doc;
    assertDiagnosisDocument(doc);
    expect(doc.target).toEqual({ type: 'failed_request', id: 'req_Example0201' });
    expect(doc.evaluated_at).toBe('2026-03-02T14:15:07Z');
    expect(doc.context).toMatchObject({ customer: 'cus_Example0201', amount: 4000, currency: 'eur' });
    expect(doc.reasons.map((f) => [f.code, f.id])).toEqual([['customer_has_prior_transactions', 'cus_Example0201']]);
    expect(doc.failed_request.check_command).toBe(
      'promo-doctor check promo_Example0002 --customer cus_Example0201 --amount 4000 --currency eur --product prod_Example0201 --at 2026-03-02T14:15:07Z',
    );
  });

  it('flags given as well win over the log', async () => {
    const r = await runCli([
      'explain',
      log('checkout-prior-transactions.txt'),
      '--json',
      ...AT,
      '--customer',
      'cus_Other',
      '--amount',
      '100',
      '--currency',
      'usd',
    ]);
    const doc = parseJson(r.stdout) as Doc;
    assertDiagnosisDocument(doc);
    expect(doc.evaluated_at).toBe('2026-01-15T00:00:00Z');
    expect(doc.context).toMatchObject({ customer: 'cus_Other', amount: 100, currency: 'usd' });
  });

  it.each(['subscription-minimum-amount.txt', 'checkout-zero-total.txt'])(
    '%s validates, human output leads with the request',
    async (name) => {
      const json = await runCli(['explain', log(name), '--json']);
      expect(json.code).toBe(1);
      assertDiagnosisDocument(parseJson(json.stdout));
      const human = await runCli(['explain', log(name)]);
      expect(human.stdout.split('\n')[0]).toMatch(
        /^Failed request POST \/v1\/(subscriptions|checkout\/sessions) · req_Example020\d · 400 · API 2022-11-15 · /,
      );
      expect(human.stdout).toContain('  Diagnose it live: promo-doctor check promo_Example020');
    },
  );

  it('from standard input too', async () => {
    const r = await runCli(['explain', '-', '--json'], { stdin: readFileSync(log('checkout-zero-total.txt'), 'utf8') });
    expect(r.code).toBe(1);
    expect((parseJson(r.stdout) as Doc).reasons.map((f) => f.code)).toEqual(['total_reduced_to_zero']);
  });
});
