/**
 * `audit --format html`: the file, without a browser (test/report/browser.test.ts opens it in
 * Chromium). The report of a generated account must agree with the NDJSON audit of the same
 * account: the same totals, the same count per reason code, a row for every code with a
 * finding; it must load nothing from the network, and survive hostile text.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COUPONS, generateAccount, type GeneratedAccount } from '../helpers/auditAccount.js';
import { runAgainst, startFake, stopFakes, type Doc } from '../helpers/liveStripe.js';
import { parseNdjson } from '../helpers/cli.js';
import { AT_FLAG as AT } from '../helpers/time.js';
import type { FakeStripe } from '../support/fakeStripe.js';
import * as build from '../support/builders.js';
import { REASON_CODES } from '../../src/rules/catalogue.js';
import { readReport, type ParsedReport } from '../helpers/report.js';

let dir: string;
let account: GeneratedAccount;
let fake: FakeStripe;
let report: ParsedReport;
let html: string;
let ndjson: Doc[];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'promo-doctor-report-'));
  account = generateAccount({ size: 345, seed: 7 });
  fake = await startFake(account.scenario);
  const file = join(dir, 'report.html');
  const run = await runAgainst(fake, ['audit', ...AT, '--format', 'html', '--output', file]);
  expect(run.code, run.stderr).toBe(1);
  expect(run.stdout).toBe('');
  html = readFileSync(file, 'utf8');
  report = readReport(html);
  ndjson = parseNdjson((await runAgainst(fake, ['audit', ...AT, '--json'])).stdout) as Doc[];
});
afterAll(async () => {
  await stopFakes();
  rmSync(dir, { recursive: true, force: true });
});

describe('audit --format html --output', () => {
  it('totals and reason counts agree with the NDJSON audit of the same account', () => {
    expect(report.meta.scanned).toBe(ndjson.length);
    for (const verdict of ['not_redeemable', 'conditional', 'redeemable'] as const) {
      expect(report.verdictCounts[verdict], verdict).toBe(ndjson.filter((d) => d.verdict === verdict).length);
    }
    const byReason: Record<string, number> = {};
    for (const d of ndjson)
      for (const code of new Set(d.reasons.map((r) => r.code))) byReason[code] = (byReason[code] ?? 0) + 1;
    expect(report.reasonBars).toEqual(byReason);
    expect(byReason).toEqual(account.expected.byReason);
  });

  it('has a row for every code with a finding, with its reason codes', () => {
    const withFindings = ndjson.filter((d) => d.reasons.length > 0);
    expect(report.rows).toHaveLength(withFindings.length);
    const expected = new Map(withFindings.map((d) => [d.target.id, [...new Set(d.reasons.map((r) => r.code))].sort()]));
    for (const row of report.rows) expect(row.reasons.slice().sort(), row.id).toEqual(expected.get(row.id));
  });

  it('is self-contained: no script, style, image or frame from anywhere, and a CSP that forbids it', () => {
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).toMatch(/<\/html>\n$/);
    expect(html).not.toMatch(/<(script|img|iframe|link|audio|video|source)[^>]*\s(src|href)="(https?:)?\/\//i);
    expect(html).not.toMatch(/@import|url\(/);
    expect(html).toContain(`content="default-src 'none'`);
    // Links go to the Dashboard (test mode: the key is a test key), and only there.
    const hrefs = [...html.matchAll(/href="([^"]+)"/g)].map((m) => m[1]!).filter((h) => h !== 'data:,');
    expect(hrefs.length).toBeGreaterThan(0);
    for (const href of hrefs)
      expect(href).toMatch(/^https:\/\/dashboard\.stripe\.com\/test\/(promotion_codes|coupons)\//);
  });

  it('the expiry timeline and the caps come from the codes and coupons of the account', () => {
    expect(report.weeks).toHaveLength(16);
    expect(report.weeks.map((w) => w.week)).toEqual([-4, -3, -2, -1, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
    // The generated account has a coupon whose redeem_by is 3 days after the evaluation time.
    expect(report.weeks.find((w) => w.week === 0)!.coupons).toBeGreaterThanOrEqual(1);
    // The coupon at 95 of 100 is listed; the one at its cap is counted, not listed.
    expect(report.capIds).toContain(COUPONS.nearly);
    expect(report.capIds).not.toContain(COUPONS.maxed);
    expect(html).toMatch(/data-coupons-at-cap="1"/);
    expect(report.capIds.length).toBeLessThanOrEqual(20);
  });

  it('streams: the rows of page 1 are written before page 2 is requested, the charts at the end', async () => {
    const run = await runAgainst(fake, ['audit', ...AT, '--format', 'html']);
    const events = run.events;
    const listRequests = events
      .map((e, i) => [e, i] as const)
      .filter(([e]) => e.kind === 'request' && e.path === '/v1/promotion_codes');
    expect(listRequests.length).toBe(4);
    const firstRows = events.findIndex((e) => e.kind === 'stdout' && e.text.includes('["promo_'));
    expect(firstRows).toBeGreaterThan(-1);
    expect(firstRows).toBeLessThan(listRequests[1]![1]);
    const charts = events.findIndex((e) => e.kind === 'stdout' && e.text.includes('<section id="reasons">'));
    expect(charts).toBeGreaterThan(listRequests[3]![1]);
  });

  it('names what was audited in the header', async () => {
    const run = await runAgainst(fake, [
      'audit',
      ...AT,
      '--format',
      'html',
      '--active',
      '--currency',
      'eur',
      '--amount',
      '4000',
    ]);
    expect(run.stdout).toMatch(/<header>.*· active codes · order amount 4000 eur<\/p><\/header>/);
    expect(html).toMatch(/<header>.*· every code<\/p><\/header>/);
  });

  it('writes nothing when the run is refused, and leaves an existing file as it was', async () => {
    const file = join(dir, 'kept.html');
    writeFileSync(file, 'before');
    const run = await runAgainst(fake, ['audit', ...AT, '--format', 'html', '--output', file, '--max-rps', 'lots']);
    expect(run.code).toBe(2);
    expect(readFileSync(file, 'utf8')).toBe('before');
    const missing = await runAgainst(fake, [
      'audit',
      ...AT,
      '--format',
      'html',
      '--output',
      join(dir, 'no', 'such', 'report.html'),
    ]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/^promo-doctor: --output .* cannot be written: its folder does not exist\.\n$/);
    expect(existsSync(join(dir, 'no'))).toBe(false);
  });

  it('--output works for every format, and - is stdout', async () => {
    const csv = join(dir, 'codes.csv');
    const run = await runAgainst(fake, ['audit', ...AT, '--format', 'csv', '--output', csv]);
    expect(run.stdout).toBe('');
    expect(readFileSync(csv, 'utf8').split('\r\n')).toHaveLength(ndjson.length + 2);
    const dash = await runAgainst(fake, ['audit', ...AT, '--json', '--output', '-']);
    expect(parseNdjson(dash.stdout)).toHaveLength(ndjson.length);
    const explain = join(dir, 'explain.json');
    const one = await runAgainst(null, [
      'explain',
      'examples/promotion-code-2026-10-28.json',
      '--json',
      '--output',
      explain,
    ]);
    expect(one.stdout).toBe('');
    expect(JSON.parse(readFileSync(explain, 'utf8'))).toHaveProperty('verdict');
  });
});

describe('hostile text', () => {
  it('a coupon name with </script> and markup stays text, and the rows still parse', async () => {
    build.resetBuilderIds();
    const evil = '</script><script>alert(1)</script><b>&amp;';
    const coupon = build.coupon({ id: 'EVIL', name: evil, max_redemptions: 10, times_redeemed: 10, valid: false });
    const f = await startFake({
      coupons: [coupon],
      promotionCodes: [build.promotionCode({ id: 'promo_evil', code: 'EVIL1', coupon: 'EVIL' })],
    });
    const run = await runAgainst(f, ['audit', ...AT, '--format', 'html']);
    expect(run.code, run.stderr).toBe(1);
    expect(run.stdout).not.toContain('<script>alert(1)');
    expect(run.stdout).toContain('&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;&lt;b&gt;&amp;amp;');
    const parsed = readReport(run.stdout);
    expect(parsed.rows.map((r) => r.id)).toEqual(['promo_evil']);
    expect(parsed.rows[0]!.reasons).toContain('coupon_max_redemptions_reached');
    expect(REASON_CODES).toContain(parsed.rows[0]!.reasons[0]);
  });
});
