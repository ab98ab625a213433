/**
 * Issue 18, defect 1: one malformed item never silences the audit. A listed promotion code
 * whose id has a space (or whose expanded coupon's id has one) cannot be diagnosed; the
 * audit reports it on stderr and in the summary, diagnoses every other code, and exits 3
 * (could not diagnose everything), in every format and sequentially too.
 */
import { afterAll, describe, expect, it } from 'vitest';
import type Stripe from 'stripe';
import * as build from '../support/builders.js';
import { generateAccount } from '../helpers/auditAccount.js';
import { parseCsv, parseNdjson } from '../helpers/cli.js';
import { runAgainst, startFake, stopFakes } from '../helpers/liveStripe.js';
import { AT_ISO } from '../helpers/time.js';

afterAll(stopFakes);

const account = generateAccount({ size: 250, seed: 181 });
const middle = account.codes[120]!.created;
const badCode = build.promotionCode({ id: 'promo_bad id', code: 'BADID', created: middle, coupon: 'PLAIN20' });
const badCoupon = build.promotionCode({
  id: 'promo_badcoupon',
  code: 'BADCOUPON',
  created: middle - 30,
  coupon: 'BAD COUPON',
});
const scenario = {
  ...account.scenario,
  coupons: [...account.scenario.coupons!, build.coupon({ id: 'BAD COUPON', percent_off: 5 })],
  promotionCodes: [...account.scenario.promotionCodes!, badCode, badCoupon] as Stripe.PromotionCode[],
};
const GOOD = account.codes.length;

describe('an item the audit cannot diagnose', () => {
  it.each([
    ['--json', ['--json']],
    ['--json --concurrency 1', ['--json', '--concurrency', '1']],
    ['--format ndjson', ['--format', 'ndjson']],
  ])('%s: every other code on stdout, the bad ones named on stderr and in the summary, exit 3', async (_, flags) => {
    const fake = await startFake(scenario);
    const r = await runAgainst(fake, ['audit', '--at', AT_ISO, ...flags]);
    expect(r.code, r.stderr).toBe(3);
    const ids = parseNdjson(r.stdout).map((d) => (d as { target: { id: string } }).target.id);
    expect(ids.length).toBe(GOOD);
    expect(new Set(ids)).toEqual(new Set(account.codes.map((c) => c.id)));
    expect(r.stderr).toContain('promo_bad id');
    expect(r.stderr).toContain('promo_badcoupon');
    expect(r.stderr).toMatch(/Audited 252 promotion codes/);
    expect(r.stderr).toMatch(/2 could not be diagnosed/);
  });

  it('csv: a row for every other code', async () => {
    const fake = await startFake(scenario);
    const r = await runAgainst(fake, ['audit', '--at', AT_ISO, '--format', 'csv']);
    expect(r.code, r.stderr).toBe(3);
    expect(parseCsv(r.stdout).length).toBe(GOOD + 1);
    expect(r.stderr).toMatch(/2 could not be diagnosed/);
  });

  it('html: the report is complete', async () => {
    const fake = await startFake(scenario);
    const r = await runAgainst(fake, ['audit', '--at', AT_ISO, '--format', 'html']);
    expect(r.code, r.stderr).toBe(3);
    expect(r.stdout.trimEnd().endsWith('</html>')).toBe(true);
    expect(r.stderr).toContain('promo_bad id');
  });

  it('table: the table and the summary', async () => {
    const fake = await startFake(scenario);
    const r = await runAgainst(fake, ['audit', '--at', AT_ISO]);
    expect(r.code, r.stderr).toBe(3);
    expect(r.stdout).not.toBe('');
    expect(r.stderr).toMatch(/2 could not be diagnosed/);
  });
});
