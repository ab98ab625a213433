/**
 * Output formats end to end: `--format markdown` on check, coupon, customer and explain
 * (golden files), `--json` the same as `--format json`, the two together refused, and
 * `--verbose` as the only human view with unix seconds and the checks table.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as build from '../support/builders.js';
import { runCli } from '../helpers/cli.js';
import { expectGolden } from '../helpers/golden.js';
import { expectFailure, runAgainst, startFake, stopFakes } from '../helpers/liveStripe.js';
import { sharedCodeScenario } from '../helpers/scenarios.js';
import { AT_FLAG as AT } from '../helpers/time.js';

beforeEach(() => build.resetBuilderIds());
afterEach(stopFakes);

function account() {
  const coupon = build.coupon({
    id: 'TENOFF',
    percent_off: null,
    amount_off: 1000,
    currency: 'usd',
    currency_options: { cad: { amount_off: 1300 } },
    max_redemptions: 10,
    times_redeemed: 10,
    valid: false,
  });
  const code = build.promotionCode({
    id: 'promo_used',
    code: 'USEDUP',
    coupon: 'TENOFF',
    active: false,
    max_redemptions: 5,
    times_redeemed: 5,
  });
  const customer = build.customer({
    id: 'cus_jane',
    name: 'Jane Doe',
    email: 'jane@example.com',
    discount: build.discount({ id: 'di_1', coupon: 'TENOFF', customer: 'cus_jane' }),
  } as never);
  return { coupons: [coupon], promotionCodes: [code], customers: [customer] };
}

describe('--format markdown', () => {
  it.each([
    ['check', ['check', 'USEDUP', '--currency', 'cad']],
    ['coupon', ['coupon', 'TENOFF']],
    ['customer', ['customer', 'cus_jane']],
  ])('%s', async (name, args) => {
    const fake = await startFake(account());
    const r = await runAgainst(fake, [...args, ...AT, '--format', 'markdown']);
    expect([0, 1]).toContain(r.code);
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/^### /);
    expect(r.stdout).toContain('| Fact | Value |');
    expectGolden(`formats/${name}.md`, r.stdout);
  });

  it('explain', async () => {
    const r = await runCli([
      'explain',
      'examples/promotion-code-2026-10-28.json',
      '--currency',
      'eur',
      '--amount',
      '4000',
      ...AT,
      '--format',
      'markdown',
    ]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('**✗ Not redeemable** (2 blocking reasons, 1 condition, 1 note)');
    expectGolden('formats/explain.md', r.stdout);
  });
});

describe('--json and --format json', () => {
  it('are the same document', async () => {
    const a = await runCli(['explain', 'examples/promotion-code-2026-10-28.json', ...AT, '--json']);
    const b = await runCli(['explain', 'examples/promotion-code-2026-10-28.json', ...AT, '--format', 'json']);
    const c = await runCli(['--json', 'explain', 'examples/promotion-code-2026-10-28.json', ...AT]);
    expect(b.stdout).toBe(a.stdout);
    expect(c.stdout).toBe(a.stdout);
  });

  it('--json with another --format is bad usage, for every command that has both', async () => {
    for (const args of [
      ['explain', 'examples/promotion-code-2026-10-28.json'],
      ['check', 'SPRING'],
      ['coupon', 'TENOFF'],
      ['customer', 'cus_jane'],
    ]) {
      expectFailure(
        await runCli([...args, '--json', '--format', 'markdown']),
        2,
        /--json and --format markdown ask for two formats/,
      );
    }
  });
});

describe('--verbose', () => {
  it('adds the checks table and the raw evidence (unix seconds beside ISO); the default shows no unix seconds', async () => {
    const args = ['explain', 'examples/promotion-code-2026-10-28.json', '--at', '2026-11-22'];
    const plain = await runCli(args);
    expect(plain.stdout).not.toMatch(/\b1\d{9}\b/);
    expect(plain.stdout).not.toContain('Checks');
    const verbose = await runCli([...args, '--verbose']);
    expect(verbose.stdout.startsWith(plain.stdout.trimEnd().split('\n\n')[0]!)).toBe(true);
    expect(verbose.stdout).toContain('Checks');
    expect(verbose.stdout).toContain('expires_at: 1772323200 (2026-03-01T00:00:00Z)');
  });

  it('marks match the facts: a used-up coupon is not "✓ Coupon valid"', async () => {
    const fake = await startFake(account());
    const r = await runAgainst(fake, ['coupon', 'TENOFF', ...AT, '--verbose']);
    expect(r.stdout).not.toMatch(/✓ +Coupon valid/);
    expect(r.stdout).toMatch(/– +Coupon valid +valid: false, because of the findings below/);
  });
});

describe('a customer-facing code shared by several promotion codes', () => {
  it('the answer is the one the customer would get; the others get one line each', async () => {
    const fake = await startFake(sharedCodeScenario());
    const r = await runAgainst(fake, ['check', 'SHARED', '--customer', 'cus_vip', ...AT], { env: { COLUMNS: '80' } });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('2 promotion codes share this code; the verdict is that of promo_vip');
    expectGolden('formats/shared-code.80.txt', r.stdout);
    const md = await runAgainst(fake, ['check', 'SHARED', '--customer', 'cus_vip', ...AT, '--format', 'markdown']);
    expectGolden('formats/shared-code.md', md.stdout);
  });
});
