/**
 * Sources and honesty (issue 20): every link the catalogue and the message table show, and every
 * source cited in a comment of the code that encodes Stripe's behaviour, is one of the stored
 * known-good URLs (test/fixtures/known-good-urls.txt; no network here); every code and every
 * message carries a source confidence.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CATALOGUE, REASON_CODES } from '../../src/rules/catalogue.js';
import { SOURCE_CONFIDENCE, reasonsForStripeErrorCode } from '../../src/rules/sources.js';
import { STRIPE_MESSAGES } from '../../src/rules/stripeMessages.js';
import { FIXTURES } from '../helpers/cli.js';

const KNOWN_GOOD = new Set(
  readFileSync(`${FIXTURES}known-good-urls.txt`, 'utf8')
    .split('\n')
    .filter((l) => l.startsWith('https://')),
);
const ROOT = new URL('../../', import.meta.url).pathname;

function citedIn(dir: string): Array<[string, string]> {
  const found: Array<[string, string]> = [];
  for (const name of readdirSync(join(ROOT, dir), { recursive: true }) as string[]) {
    if (!name.endsWith('.ts')) continue;
    const text = readFileSync(join(ROOT, dir, name), 'utf8');
    for (const m of text.matchAll(/https:\/\/[A-Za-z0-9./_#?=%:@+~-]+[A-Za-z0-9/_#-]/g))
      found.push([`${dir}/${name}`, m[0].replace(/[.,;)]+$/, '')]);
  }
  return found;
}

describe('every source link is a known-good page', () => {
  it.each(REASON_CODES.map((c) => [c, CATALOGUE[c].docs_url] as const))('%s docs_url', (_code, url) => {
    expect(KNOWN_GOOD).toContain(url);
  });

  it.each(STRIPE_MESSAGES.map((m) => [m.id, m.source] as const))('message %s source', (_id, url) => {
    expect(KNOWN_GOOD).toContain(url);
  });

  it.each(['src/rules', 'src/model', 'src/stripe', 'src/usecases'])('every URL cited in %s', (dir) => {
    const unknown = citedIn(dir).filter(([, url]) => !KNOWN_GOOD.has(url));
    expect(unknown).toEqual([]);
  });

  it('the anchors the review found missing are gone', () => {
    const all = [...REASON_CODES.map((c) => CATALOGUE[c].docs_url), ...citedIn('src').map(([, u]) => u)];
    expect(all.filter((u) => /#promotion-code-restrictions|#stacking-coupons/.test(u))).toEqual([]);
  });

  it('an unlisted URL fails (the check can fail)', () => {
    expect(KNOWN_GOOD.has('https://docs.stripe.com/billing/subscriptions/coupons#stacking-coupons')).toBe(false);
  });
});

describe('source confidence', () => {
  it('every code has one, and the documented ones link to Stripe docs', () => {
    for (const code of REASON_CODES) {
      expect(['documented', 'observed', 'inferred'], code).toContain(SOURCE_CONFIDENCE[code]);
      expect(CATALOGUE[code].docs_url, code).toMatch(/^https:\/\/docs\.stripe\.com\//);
    }
  });

  it('every message has one, and a message seen only in public reports is not called documented', () => {
    for (const m of STRIPE_MESSAGES) {
      expect(['documented', 'observed', 'inferred'], m.id).toContain(m.source_confidence);
      if (m.source_confidence === 'documented') expect(m.source, m.id).toMatch(/^https:\/\/docs\.stripe\.com\//);
    }
  });
});

describe("Stripe's error codes", () => {
  it.each([
    ['coupon_expired', ['coupon_redeem_by_passed', 'coupon_max_redemptions_reached']],
    ['resource_missing', ['livemode_mismatch', 'promotion_code_not_found', 'coupon_not_found']],
    ['coupon_applies_to_nothing', ['product_not_eligible']],
    ['promotion_code_customer_not_first_time', ['customer_has_prior_transactions']],
    ['parameter_unknown', ['discount_parameter_removed']],
    ['card_declined', []],
  ])('%s', (code, expected) => {
    expect(reasonsForStripeErrorCode(code)).toEqual(expected);
  });
});
