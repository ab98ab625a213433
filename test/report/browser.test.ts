/**
 * The audit report in a real browser: Debian's headless Chromium (test/helpers/chromium.ts)
 * opens the file an audit of a generated account wrote. It must show no console error and
 * fetch nothing; the bars must have the lengths of the data; search, the reason filter,
 * sorting and paging must work. A screenshot is saved as .bench/report.png for a person.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CATALOGUE } from '../../src/rules/catalogue.js';
import type { ReasonCode } from '../../src/rules/findings.js';
import { generateAccount, type GeneratedAccount } from '../helpers/auditAccount.js';
import { launchChromium, type Browser } from '../helpers/chromium.js';
import { REPO_ROOT } from '../helpers/cli.js';
import { runAgainst, startFake, stopFakes } from '../helpers/liveStripe.js';
import { AT_ISO } from '../helpers/time.js';

/**
 * The page's `document`, as far as these tests use it. Functions, not strings, go to
 * waitForFunction: the report's CSP forbids eval, and the project has no "dom" lib.
 */
interface PageNode {
  getAttribute(name: string): string | null;
  readonly textContent: string | null;
}
declare const document: {
  querySelector(selector: string): PageNode | null;
  getElementById(id: string): PageNode | null;
};

const SIZE = 1234;
let dir: string;
let account: GeneratedAccount;
let browser: Browser;
let page: Page;
const consoleErrors: string[] = [];
const requests: string[] = [];
let withFindings: number;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'promo-doctor-browser-'));
  account = generateAccount({ size: SIZE, seed: 11 });
  withFindings = SIZE - account.expected.byVerdict.redeemable + countRedeemableWithFindings(account);
  const fake = await startFake(account.scenario);
  const file = join(dir, 'report.html');
  const run = await runAgainst(fake, ['audit', '--at', AT_ISO, '--format', 'html', '--output', file]);
  expect(run.code, run.stderr).toBe(1);
  await stopFakes();

  browser = await launchChromium();
  page = await browser.context.newPage();
  page.on('console', (message) => {
    if (message.type() === 'error') consoleErrors.push(message.text());
  });
  page.on('pageerror', (error) => consoleErrors.push(String(error)));
  page.on('request', (request) => requests.push(request.url()));
  await page.goto(pathToFileURL(file).href);
  await page.waitForSelector('body[data-ready="true"]', { timeout: 30_000 });
}, 90_000);

afterAll(async () => {
  await browser?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Redeemable codes can still carry warning or info findings: they are rows too. */
function countRedeemableWithFindings(a: GeneratedAccount): number {
  return a.codes.filter((c) => c.state.verdict === 'redeemable' && c.state.reasons.length > 0).length;
}

const statusText = () => page.locator('#pd-status').textContent();
const visibleIds = () =>
  page.locator('#codes tbody tr').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-id')!));

describe('the audit report in Chromium', () => {
  it('loads with no console error and asks for nothing but its own file', () => {
    expect(consoleErrors).toEqual([]);
    expect(requests.filter((url) => !url.startsWith('file://'))).toEqual([]);
  });

  it('shows the totals by verdict of the account', async () => {
    for (const verdict of ['not_redeemable', 'conditional', 'redeemable'] as const) {
      const shown = await page.locator(`.tile[data-verdict="${verdict}"] .n`).textContent();
      expect(Number(shown!.replaceAll(',', '')), verdict).toBe(account.expected.byVerdict[verdict]);
    }
  });

  it('draws one bar per reason code, its length in proportion to its count', async () => {
    const bars = await page.locator('.reason-bar').evaluateAll((gs) =>
      gs.map((g) => ({
        code: g.getAttribute('data-code')!,
        count: Number(g.getAttribute('data-count')),
        width: g.querySelector('rect')!.getBoundingClientRect().width,
        label: g.querySelector('.count')!.textContent,
      })),
    );
    expect(Object.fromEntries(bars.map((b) => [b.code, b.count]))).toEqual(account.expected.byReason);
    const widest = Math.max(...bars.map((b) => b.width));
    const most = Math.max(...bars.map((b) => b.count));
    expect(widest).toBeGreaterThan(100);
    for (const bar of bars) {
      expect(bar.width / widest, bar.code).toBeCloseTo(bar.count / most, 2);
      expect(Number(bar.label!.replaceAll(',', '')), bar.code).toBe(bar.count);
    }
  });

  it('names reasons by their titles, and explains each in a legend with its code, cause and fix', async () => {
    const labels = await page
      .locator('.reason-bar')
      .evaluateAll((gs) =>
        gs.map((g) => [
          g.getAttribute('data-code')!,
          g.querySelector('.label')!.textContent!,
          g.querySelector('title')!.textContent!,
        ]),
      );
    for (const [code, label, tip] of labels) {
      const entry = CATALOGUE[code as ReasonCode];
      expect(label).toBe(entry.title);
      expect(tip).toContain(`(${code})`);
      expect(tip).toContain(entry.cause);
      expect(tip).toContain(`Fix: ${entry.fix}`);
    }
    const legend = await page.locator('#legend tbody tr').evaluateAll((rows) =>
      rows.map((r) => ({
        code: r.getAttribute('data-code')!,
        cells: [...r.querySelectorAll('td')].map((td) => td.textContent),
        shownCode: r.querySelector('code')!.textContent,
      })),
    );
    expect(legend.map((l) => l.code).sort()).toEqual(Object.keys(account.expected.byReason).sort());
    for (const row of legend) {
      const entry = CATALOGUE[row.code as ReasonCode];
      expect(row.shownCode).toBe(row.code);
      expect(row.cells).toEqual([`${entry.title}${row.code}`, entry.severity, entry.cause, entry.fix]);
    }
  });

  it('draws the expiry timeline with 16 weeks, bars as tall as their counts', async () => {
    const weeks = await page.locator('.week').evaluateAll((gs) =>
      gs.map((g) => ({
        n: Number(g.getAttribute('data-codes')) + Number(g.getAttribute('data-coupons')),
        height: [...g.querySelectorAll('rect.codes, rect.coupons')].reduce(
          (s, r) => s + r.getBoundingClientRect().height,
          0,
        ),
      })),
    );
    expect(weeks).toHaveLength(16);
    const tallest = Math.max(...weeks.map((w) => w.height));
    const most = Math.max(...weeks.map((w) => w.n));
    expect(most).toBeGreaterThan(0);
    for (const w of weeks) expect(w.height / tallest).toBeCloseTo(w.n / most, 2);
  });

  it('lists the codes with findings in pages of 50, linked to the test-mode Dashboard', async () => {
    expect(await statusText()).toBe(
      `Codes 1–50 of ${withFindings.toLocaleString('en-US')}, page 1 of ${Math.ceil(withFindings / 50)}`,
    );
    expect(await visibleIds()).toHaveLength(50);
    const first = page.locator('#codes tbody tr').first();
    const id = await first.getAttribute('data-id');
    expect(await first.locator('a').getAttribute('href')).toBe(
      `https://dashboard.stripe.com/test/promotion_codes/${id}`,
    );
    await page.click('#pd-next');
    expect(await statusText()).toMatch(/^Codes 51–100 of /);
    await page.click('#pd-prev');
  });

  it('searches by code, id or coupon', async () => {
    const target = account.codes.find((c) => c.state.reasons.length > 0)!;
    await page.fill('#pd-search', target.code.toLowerCase());
    await page.waitForFunction(
      (id) => document.querySelector('#codes tbody tr')?.getAttribute('data-id') === id,
      target.id,
    );
    const codes = await page.locator('#codes tbody tr td.code a').allTextContents();
    expect(codes.length).toBeGreaterThan(0);
    for (const code of codes) expect(code.toLowerCase()).toContain(target.code.toLowerCase());
    await page.fill('#pd-search', 'no-such-code-anywhere');
    await page.waitForFunction(() => document.getElementById('pd-status')?.textContent === 'No code matches.');
    await page.fill('#pd-search', '');
    await page.waitForFunction(
      (text) => document.getElementById('pd-status')?.textContent?.includes(text) === true,
      `of ${withFindings.toLocaleString('en-US')},`,
    );
  });

  it('filters by reason code, and sorts by a column', async () => {
    const [reason, count] =
      Object.entries(account.expected.byReason)
        .sort((a, b) => a[1] - b[1])
        .find(([, n]) => n > 50) ?? Object.entries(account.expected.byReason)[0]!;
    // The filter names the reason by its title; the code stays in the option's data.
    const option = page.locator(`#pd-reason option[data-code="${reason}"]`);
    expect(await option.textContent()).toBe(
      `${CATALOGUE[reason as ReasonCode].title} (${count.toLocaleString('en-US')})`,
    );
    await page.selectOption('#pd-reason', (await option.getAttribute('value'))!);
    expect(await statusText()).toMatch(new RegExp(`^Codes 1–\\d+ of ${count.toLocaleString('en-US')} \\(of `));
    const chips = await page.locator('#codes tbody tr').evaluateAll((rows) =>
      rows.map((r) =>
        [...r.querySelectorAll('.chip')].map((c) => ({
          code: c.getAttribute('data-code'),
          text: c.textContent,
          tip: c.getAttribute('title'),
        })),
      ),
    );
    for (const row of chips) expect(row.map((c) => c.code)).toContain(reason);
    // Each chip: the title in words, the code with its cause and fix at hand in the tooltip.
    for (const chip of chips.flat()) {
      const entry = CATALOGUE[chip.code as ReasonCode];
      expect(chip.text).toBe(entry.title);
      expect(chip.tip).toBe(`${chip.code}: ${entry.cause} Fix: ${entry.fix}`);
    }

    await page.click('#codes th[data-sort="code"]');
    const ascending = await page.locator('#codes tbody tr td.code a').allTextContents();
    expect(ascending).toEqual([...ascending].sort((a, b) => (a.toLowerCase() < b.toLowerCase() ? -1 : 1)));
    await page.click('#codes th[data-sort="code"]');
    const descending = await page.locator('#codes tbody tr td.code a').allTextContents();
    expect(descending[0]!.toLowerCase() >= descending[descending.length - 1]!.toLowerCase()).toBe(true);
    await page.selectOption('#pd-reason', '');
  });

  it('saves a screenshot for a person to look at (.bench/report.png), still without console errors', async () => {
    mkdirSync(join(REPO_ROOT, '.bench'), { recursive: true });
    await page.screenshot({ path: join(REPO_ROOT, '.bench', 'report.png'), fullPage: true });
    expect(consoleErrors).toEqual([]);
  });
});
