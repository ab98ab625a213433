/**
 * End to end: `explain` of Stripe's error bodies (and, below, of failed requests from the
 * Dashboard log) through the built binary; every --json document validates against the
 * published schema, and `reasons` shows the message table.
 */
import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { STRIPE_MESSAGES } from '../../src/rules/stripeMessages.js';
import { assertDiagnosisDocument } from '../helpers/schema.js';
import { FIXTURES, parseJson, runCli } from '../helpers/cli.js';

const AT = ['--at', '2026-01-15T00:00:00Z'];
const errors = readdirSync(`${FIXTURES}explain/errors`).filter((f) => f.endsWith('.json'));

describe('explain a Stripe error body', () => {
  it.each(errors)('%s: exit 1, a schema-valid document that keeps Stripe\'s error', async (name) => {
    const r = await runCli(['explain', `${FIXTURES}explain/errors/${name}`, ...AT, '--json']);
    expect(r.code, r.stderr).toBe(1);
    expect(r.stderr).toBe('');
    const doc = parseJson(r.stdout) as { target: { type: string }; stripe_error: { message: string }; reasons: unknown[] };
    assertDiagnosisDocument(doc);
    expect(doc.target.type).toBe('stripe_error');
    expect(doc.stripe_error.message.length).toBeGreaterThan(0);
    expect(doc.reasons.length).toBeGreaterThan(0);
  });

  it('human output quotes Stripe and says what it means', async () => {
    const r = await runCli(['explain', `${FIXTURES}explain/errors/prior-transactions.json`, ...AT]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('Stripe error req_Example0105 · invalid_request_error');
    expect(r.stdout).toContain('customer_has_prior_transactions  Stripe refused: "This promotion code cannot be redeemed because the associated customer has prior transactions"; that is: not a first-time customer.');
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
