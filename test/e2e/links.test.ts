/**
 * Links into the Dashboard (issue 21): Markdown links each object to its page (test or live
 * path), a terminal that supports them gets OSC 8 hyperlinks on ids (never when piped or when
 * colour is off), --verbose prints the URLs. Golden files for each; ids from outside cannot
 * inject a link, an escape sequence or a path.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { expectGolden } from '../helpers/golden.js';
import { linkIds, markdownLink, objectLinks, osc8Link } from '../../src/render/objectLinks.js';
import type { Diagnosis } from '../../src/rules/diagnose.js';
import { AT_FLAG as AT } from '../helpers/time.js';

const EXAMPLE = 'examples/promotion-code-2026-10-28.json';
const OSC8 = /\x1b\]8;;(https:[^\x1b]*)\x1b\\/g;

afterEach(() => vi.unstubAllEnvs());

/** The example promotion code as in live mode, and with an id or coupon id of one's choosing. */
function liveCode(overrides: { id?: string; coupon?: string } = {}): string {
  return JSON.stringify({
    id: overrides.id ?? 'promo_Live01',
    object: 'promotion_code',
    code: 'SUMMER',
    active: true,
    livemode: true,
    created: 1767225600,
    expires_at: null,
    max_redemptions: null,
    times_redeemed: 0,
    customer: 'cus_Live01',
    restrictions: { first_time_transaction: false, minimum_amount: null, minimum_amount_currency: null },
    coupon: {
      id: overrides.coupon ?? 'SUMMER25',
      object: 'coupon',
      livemode: true,
      percent_off: 25,
      amount_off: null,
      currency: null,
      duration: 'once',
      valid: true,
      times_redeemed: 0,
      max_redemptions: null,
      redeem_by: null,
    },
  });
}

describe('Markdown: every object links to its Dashboard page, once', () => {
  it('test mode (a test-mode example)', async () => {
    const r = await runCli(['explain', EXAMPLE, ...AT, '--format', 'markdown']);
    expect(r.stdout).toContain(
      '[promo_Example0002](https://dashboard.stripe.com/test/promotion_codes/promo_Example0002)',
    );
    expectGolden('links/explain.test-mode.md', r.stdout);
  });

  it('live mode: no /test/ in the path; customer and coupon linked', async () => {
    const r = await runCli(['explain', '-', ...AT, '--format', 'markdown'], { stdin: liveCode() });
    expect(r.stdout).toContain('[promo_Live01](https://dashboard.stripe.com/promotion_codes/promo_Live01)');
    expect(r.stdout).toContain('(https://dashboard.stripe.com/customers/cus_Live01)');
    expect(r.stdout).toContain('[SUMMER25](https://dashboard.stripe.com/coupons/SUMMER25)');
    expect(r.stdout).not.toContain('/test/');
    expectGolden('links/explain.live-mode.md', r.stdout);
  });

  it("a failed request links to Stripe's log of it", async () => {
    const r = await runCli([
      'explain',
      'test/fixtures/explain/errors/prior-transactions.json',
      ...AT,
      '--format',
      'markdown',
    ]);
    expect(r.stdout).toMatch(/\[req_\w+\]\(https:\/\/dashboard\.stripe\.com\/test\/logs\/req_\w+\)/);
    expectGolden('links/explain-error.md', r.stdout);
  });

  it('without a mode in the data, no link (rather than a guess)', async () => {
    const r = await runCli(['explain', '-', ...AT, '--format', 'markdown'], {
      stdin: liveCode().replaceAll('"livemode":true', '"livemode":null'),
    });
    expect(r.stdout).not.toContain('](https://');
  });
});

describe('the terminal: OSC 8 hyperlinks where supported, URLs with --verbose', () => {
  const tty = { tty: { stdout: true }, env: { NO_COLOR: undefined } };

  it('a terminal that supports them: ids are hyperlinks, the text is unchanged', async () => {
    vi.stubEnv('FORCE_HYPERLINK', '1');
    const linked = await runCli(['explain', EXAMPLE, ...AT], tty);
    expect([...linked.stdout.matchAll(OSC8)].map((m) => m[1])).toContain(
      'https://dashboard.stripe.com/test/promotion_codes/promo_Example0002',
    );
    vi.stubEnv('FORCE_HYPERLINK', '0');
    const plain = await runCli(['explain', EXAMPLE, ...AT], tty);
    expect(plain.stdout).not.toContain('\x1b]8;');
    // The links add nothing visible: without them the output is the same.
    expect(linked.stdout.replace(/\x1b\]8;;[^\x1b]*\x1b\\/g, '')).toBe(plain.stdout);
    expectGolden('links/explain.osc8.txt', linked.stdout);
  });

  it('never when piped, nor when colour is off, whatever the terminal claims', async () => {
    vi.stubEnv('FORCE_HYPERLINK', '1');
    const piped = await runCli(['explain', EXAMPLE, ...AT], { env: { NO_COLOR: undefined, FORCE_COLOR: '1' } });
    expect(piped.stdout).not.toContain('\x1b]8;');
    const noColour = await runCli(['explain', EXAMPLE, ...AT, '--no-color'], tty);
    expect(noColour.stdout).not.toContain('\x1b]8;');
    const noColourEnv = await runCli(['explain', EXAMPLE, ...AT], { tty: { stdout: true }, env: { NO_COLOR: '1' } });
    expect(noColourEnv.stdout).not.toContain('\x1b]8;');
  });

  it('--verbose prints the URLs', async () => {
    const r = await runCli(['explain', EXAMPLE, ...AT, '--verbose']);
    expect(r.stdout).toMatch(
      /\nDashboard\n {2}promotion code promo_Example0002 +https:\/\/dashboard\.stripe\.com\/test\/promotion_codes\/promo_Example0002\n/,
    );
    expectGolden('links/explain.verbose.txt', r.stdout);
  });
});

describe('ids from outside cannot break out of a link', () => {
  /** A diagnosis-shaped object with only what objectLinks reads. */
  const withIds = (promo: string, coupon: string): Diagnosis =>
    ({
      target: { type: 'promotion_code', id: promo },
      promotion_code: { id: promo, livemode: false, coupon: { kind: 'coupon', id: coupon, livemode: false } },
    }) as unknown as Diagnosis;

  it('a coupon id with a path, parentheses or a query is one encoded segment', () => {
    const links = objectLinks(withIds('promo_1', 'a/../b)(x?y#z'));
    expect(links.map((l) => l.url)).toEqual([
      'https://dashboard.stripe.com/test/promotion_codes/promo_1',
      'https://dashboard.stripe.com/test/coupons/a%2F..%2Fb)(x%3Fy%23z',
    ]);
    const md = markdownLink('x', links[1]!.url);
    expect(md).toBe('[x](https://dashboard.stripe.com/test/coupons/a%2F..%2Fb%29%28x%3Fy%23z)');
  });

  it('a dot-segment id, or one with control characters, gets no link', () => {
    expect(objectLinks(withIds('promo_1', '..')).map((l) => l.id)).toEqual(['promo_1']);
    expect(objectLinks(withIds('promo_1', 'C\x1b]8;;https://evil.example\x07')).map((l) => l.id)).toEqual(['promo_1']);
  });

  it('an OSC 8 link never carries a URL with a control character', () => {
    expect(osc8Link('x', 'https://dashboard.stripe.com/\x1b\\evil')).toBe('x');
  });

  it('a coupon id is linked only after the word coupon, never where the same letters are a code or a word', () => {
    const links = objectLinks(withIds('promo_1', 'off'));
    const text = 'Promotion code promo_1: 25% off. The coupon off is valid.';
    expect(linkIds(text, links, (t, u) => `<${t}|${u}>`)).toBe(
      'Promotion code <promo_1|https://dashboard.stripe.com/test/promotion_codes/promo_1>: 25% off. The coupon <off|https://dashboard.stripe.com/test/coupons/off> is valid.',
    );
  });
});
