/**
 * Issue 18, defect 9 and "Also": the HTML report's Dashboard links are one encoded path
 * segment whatever the id (coupon ids too), and its CSP allows its one script and style by
 * hash, never 'unsafe-inline'.
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { dashboardUrl } from '../../src/render/dashboardLink.js';
import { REPORT_CSS, REPORT_SCRIPT } from '../../src/render/report/assets.js';
import { createReportSink } from '../../src/render/report/sink.js';
import { diagnosePromotionCode } from '../../src/rules/diagnose.js';
import { AT, coupon, ctx, promo } from '../helpers/model.js';

const BASE = 'https://dashboard.stripe.com/test/';

function page(couponId: string, codeId = 'promo_1'): string {
  const sink = createReportSink({ at: AT, generatedAt: AT, livemode: false });
  const d = diagnosePromotionCode(
    promo({
      id: codeId,
      max_redemptions: 10,
      times_redeemed: 3,
      coupon: coupon({ id: couponId, max_redemptions: 10, times_redeemed: 9 }),
    }),
    ctx(),
  );
  return sink.open() + sink.add(d) + sink.close();
}

const hrefs = (html: string): string[] =>
  [...html.matchAll(/href="([^"]+)"/g)].map((m) => m[1]!.replaceAll('&amp;', '&')).filter((h) => h !== 'data:,');

describe('Dashboard links', () => {
  it('a coupon id with ../ and ? stays one path segment under /coupons/', () => {
    const html = page('../../../settings/team?x=');
    const links = hrefs(html).filter((h) => h.includes('/coupons/'));
    expect(links.length).toBeGreaterThan(0);
    for (const href of links) {
      expect(href).toBe(`${BASE}coupons/..%2F..%2F..%2Fsettings%2Fteam%3Fx%3D`);
      expect(new URL(href).pathname).toBe('/test/coupons/..%2F..%2F..%2Fsettings%2Fteam%3Fx%3D');
    }
  });

  it('every link of the page resolves under its own collection', () => {
    for (const id of ['a/b', 'x#frag', 'p%2e', 'q\\r', 'c d']) {
      for (const href of hrefs(page(id, `promo_${id}`))) {
        const url = new URL(href);
        expect(url.origin + url.pathname.replace(/[^/]+$/, '')).toMatch(
          /^https:\/\/dashboard\.stripe\.com\/test\/(coupons|promotion_codes)\/$/,
        );
        expect(url.search + url.hash).toBe('');
      }
    }
  });

  it('an id that is a dot segment gets no link at all', () => {
    expect(dashboardUrl(BASE, 'coupons', '..')).toBeNull();
    expect(dashboardUrl(BASE, 'coupons', '.')).toBeNull();
    expect(dashboardUrl(BASE, 'coupons', '...')).toBe(`${BASE}coupons/...`);
    // encodeURIComponent throws on a lone surrogate: no link, and no crash.
    expect(dashboardUrl(BASE, 'coupons', 'a\ud800b')).toBeNull();
    expect(hrefs(page('a\ud800b')).filter((h) => h.includes('/coupons/'))).toEqual([]);
    expect(hrefs(page('..')).filter((h) => h.includes('/coupons/'))).toEqual([]);
  });
});

describe('the CSP', () => {
  const sha = (text: string) => `'sha256-${createHash('sha256').update(text).digest('base64')}'`;

  it("allows the page's one script and one style by hash, and nothing inline besides", () => {
    const html = page('C1');
    const csp = /http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(html)![1]!;
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).toContain(`script-src ${sha(REPORT_SCRIPT)}`);
    expect(csp).toContain(`style-src ${sha(REPORT_CSS)}`);
    // The executable script in the page is exactly the hashed text.
    const scripts = [...html.matchAll(/<script>([\s\S]*?)<\/script>/g)].map((m) => m[1]);
    expect(scripts).toEqual([REPORT_SCRIPT]);
    expect([...html.matchAll(/<style>([\s\S]*?)<\/style>/g)].map((m) => m[1])).toEqual([REPORT_CSS]);
  });
});
