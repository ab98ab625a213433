/**
 * `--format reply` end to end: check, coupon and explain write plain sentences for the
 * customer (golden files), and audit refuses it as bad usage (exit 2, one sentence).
 * test/properties/reply.test.ts holds the property: no id, field or reason code in any reply.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as build from '../support/builders.js';
import { runCli } from '../helpers/cli.js';
import { expectGolden } from '../helpers/golden.js';
import { runAgainst, startFake, stopFakes } from '../helpers/liveStripe.js';
import { AT, DAY, AT_FLAG } from '../helpers/time.js';

beforeEach(() => build.resetBuilderIds());
afterEach(stopFakes);

function account() {
  const coupon = build.coupon({ id: 'TENOFF', percent_off: null, amount_off: 1000, currency: 'usd' });
  const code = build.promotionCode({
    id: 'promo_min',
    code: 'BIGORDER',
    coupon: 'TENOFF',
    expires_at: AT - 3 * DAY,
    active: false,
    restrictions: { minimum_amount: 5000, minimum_amount_currency: 'usd' },
  });
  const ended = build.coupon({ id: 'SPRING', redeem_by: AT - DAY, valid: false });
  return { coupons: [coupon, ended], promotionCodes: [code] };
}

describe('--format reply', () => {
  it.each([
    ['check', ['check', 'BIGORDER', '--amount', '2000', '--currency', 'usd']],
    ['check-eur', ['check', 'BIGORDER', '--amount', '2000', '--currency', 'eur']],
    ['coupon', ['coupon', 'SPRING']],
  ])('%s', async (name, args) => {
    const fake = await startFake(account());
    const r = await runAgainst(fake, [...args, ...AT_FLAG, '--format', 'reply']);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('');
    expectGolden(`formats/${name}.reply.txt`, r.stdout);
  });

  it.each([
    ['explain', ['explain', 'examples/promotion-code-2026-10-28.json', '--amount', '4000', '--currency', 'usd']],
    ['explain-error', ['explain', 'test/fixtures/explain/errors/coupon-expired.json']],
    ['explain-log', ['explain', 'test/fixtures/explain/failed-requests/subscription-minimum-amount.txt']],
    ['explain-list', ['explain', 'test/fixtures/explain/list-promotion-codes.json']],
  ])('%s', async (name, args) => {
    const r = await runCli([...args, ...AT_FLAG, '--format', 'reply']);
    expect([0, 1]).toContain(r.code);
    expectGolden(`formats/${name}.reply.txt`, r.stdout);
  });

  it('with --json is two formats: exit 2', async () => {
    const r = await runCli(['explain', 'examples/promotion-code-2026-10-28.json', '--json', '--format', 'reply']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--json and --format reply ask for two formats/);
  });

  it('audit --format reply is bad usage: exit 2, one sentence, no request', async () => {
    const fake = await startFake(account());
    const r = await runAgainst(fake, ['audit', '--format', 'reply']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(
      'promo-doctor: --format reply writes to one customer about one code: use it with check, coupon or explain, not with audit.\n',
    );
    expect(fake.requests).toHaveLength(0);
  });
});
