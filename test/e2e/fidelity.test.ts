/**
 * End to end, offline (issue 20): the API version a redemption is made with (`--api-version`, an
 * event's `api_version`) predicts Checkout's refusal of a no-cost order; a Payment Link without a
 * code field; Stripe's "No such promotion code" for a customer-facing code.
 */
import { describe, expect, it } from 'vitest';
import { parseJson, runCli } from '../helpers/cli.js';

const AT = ['--at', '2026-06-01T00:00:00Z'];

/** A promotion.updated-style event about a code on a 100% off coupon, written with API 2022-11-15. */
const event = (apiVersion: string) =>
  JSON.stringify({
    id: 'evt_1',
    object: 'event',
    type: 'promotion_code.updated',
    api_version: apiVersion,
    created: 1_780_000_000,
    data: {
      object: {
        id: 'promo_free',
        object: 'promotion_code',
        code: 'FREE',
        active: true,
        coupon: { id: 'FREE100', object: 'coupon', percent_off: 100, valid: true, duration: 'once' },
        restrictions: { first_time_transaction: false },
      },
    },
  });

type Doc = { reasons: Array<{ code: string; evidence: Record<string, unknown> }>; verdict: string };

describe('total_reduced_to_zero from the API version', () => {
  it("explain of an event written with API 2022-11-15, in Checkout: Stripe's no-cost refusal is predicted", async () => {
    const r = await runCli(['explain', '-', '--surface', 'checkout', '--json', ...AT], { stdin: event('2022-11-15') });
    const doc = parseJson(r.stdout) as Doc;
    expect(doc.reasons.map((f) => f.code)).toEqual(['total_reduced_to_zero']);
    expect(doc.reasons[0]!.evidence).toMatchObject({ api_version: '2022-11-15', surface: 'checkout' });
    expect(r.code).toBe(1);
  });

  it('the same event from API 2023-08-16: nothing to report', async () => {
    const r = await runCli(['explain', '-', '--surface', 'checkout', '--json', ...AT], { stdin: event('2023-08-16') });
    expect((parseJson(r.stdout) as Doc).reasons).toEqual([]);
  });

  it('--api-version wins over the event and is checked', async () => {
    const r = await runCli(['explain', '-', '--surface', 'checkout', '--api-version', '2020-08-27', '--json', ...AT], {
      stdin: event('2024-06-20'),
    });
    expect((parseJson(r.stdout) as Doc).reasons.map((f) => f.code)).toEqual(['total_reduced_to_zero']);
    const bad = await runCli(['explain', '-', '--api-version', 'latest'], { stdin: event('2024-06-20') });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^promo-doctor: --api-version "latest" is not a Stripe API version[^\n]*\.\n$/);
  });
});

describe('explain: the pasted refusals of issue 20', () => {
  it("No such promotion code: 'SUMMER20' says the customer-facing code was passed and hints promo-doctor check SUMMER20", async () => {
    const body = JSON.stringify({
      error: { message: "No such promotion code: 'SUMMER20'", type: 'invalid_request_error', code: 'resource_missing' },
    });
    const r = await runCli(['explain', '-'], { stdin: body });
    expect(r.stdout).toContain('SUMMER20 is no promo_ id');
    expect(r.stdout).toContain('promo-doctor check SUMMER20');
    const id = await runCli(['explain', '-'], {
      stdin: JSON.stringify({
        error: { message: "No such promotion code: 'promo_1Nope'", type: 'invalid_request_error' },
      }),
    });
    expect(id.stdout).not.toContain('is no promo_ id');
    expect(id.stdout).not.toContain('promo-doctor check promo_1Nope');
  });
});
