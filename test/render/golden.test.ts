/**
 * Golden files of the answer-first output: for every reason code (the cases of
 * test/helpers/reasonCases.ts, diagnosed by `check` against the fake Stripe API in
 * process, plus the offline-only codes), the human output at 80 and 120 columns and the
 * Markdown output, rendered by the pure renderers without colour. UPDATE_GOLDEN=1 rewrites
 * them; otherwise a difference fails.
 *
 * The same cases carry the measurable target of the layout: for a single promotion code
 * or coupon with k findings, the verdict and every blocking reason with its fix appear
 * within the first 3 + 2k lines, and the whole output fits in 6 + 3k lines at 80 columns.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { diagnoseCheck } from '../../src/cli/check.js';
import { diagnose } from '../../src/cli/explain.js';
import { parseStripeText } from '../../src/model/input.js';
import { renderHuman } from '../../src/render/human.js';
import { renderMarkdown } from '../../src/render/markdown.js';
import { createPalette } from '../../src/render/palette.js';
import type { RedemptionContext } from '../../src/rules/context.js';
import type { Diagnosis } from '../../src/rules/diagnose.js';
import * as build from '../support/builders.js';
import { FIXTURES } from '../helpers/cli.js';
import { REASON_CASES, type RedemptionFlags } from '../helpers/reasonCases.js';
import { context, readerFor, startFake, stopFakes } from '../helpers/liveStripe.js';
import { expectGolden, slug } from '../helpers/golden.js';

const plain = createPalette(false);

export interface GoldenCase {
  name: string;
  diagnosis: Diagnosis;
  ctx: RedemptionContext;
  offline: boolean;
}

function ctxFor(flags: RedemptionFlags): RedemptionContext {
  return context({ customer: flags.customer ?? null, amount: flags.amount ?? null, currency: flags.currency ?? null, products: flags.products ?? [] });
}

/** The reason codes `check` cannot produce, from offline input (explain). */
const OFFLINE_CASES: ReadonlyArray<{ name: string; file?: string; json?: object; flags?: Partial<RedemptionContext> }> = [
  { name: 'discount_ended (explain)', file: 'explain/customer-discount-ended.json' },
  { name: 'discount_outlives_coupon (explain)', file: 'before-after/customer-discount-2020-08-27.json' },
  { name: 'customer_deleted (the customer inspected, explain)', json: { id: 'cus_gone', object: 'customer', deleted: true } },
  {
    name: 'coupon_not_checked (an active code, coupon not expanded)',
    json: { id: 'promo_plain', object: 'promotion_code', code: 'PLAIN', active: true, promotion: { type: 'coupon', coupon: 'COUPON_X' } },
  },
  {
    name: 'promotion_code_inactive (coupon not expanded)',
    json: { id: 'promo_plain', object: 'promotion_code', code: 'PLAIN', active: false, promotion: { type: 'coupon', coupon: 'COUPON_X' } },
  },
  { name: 'coupon_deleted (explain)', file: 'explain/coupon-deleted.json' },
];

export function offlineDiagnosis(text: string, ctx: RedemptionContext): Diagnosis[] {
  return parseStripeText(text, 'input').items.map((item) => diagnose(item, ctx));
}

const cases: GoldenCase[] = [];

beforeAll(async () => {
  for (const c of REASON_CASES) {
    build.resetBuilderIds();
    const fake = await startFake(c.scenario());
    const ctx = ctxFor(c.flags);
    const reader = await readerFor(fake);
    cases.push({ name: c.name, diagnosis: await diagnoseCheck(reader, c.target, ctx), ctx, offline: false });
    await stopFakes();
  }
  for (const c of OFFLINE_CASES) {
    const text = c.file ? readFileSync(join(FIXTURES, c.file), 'utf8') : JSON.stringify(c.json);
    const ctx = context(c.flags ?? {});
    cases.push({ name: c.name, diagnosis: offlineDiagnosis(text, ctx)[0]!, ctx, offline: true });
  }
}, 60_000);

afterAll(stopFakes);
beforeEach(() => build.resetBuilderIds());

const human = (c: GoldenCase, width: number | null, verbose = false): string =>
  renderHuman(c.diagnosis, c.ctx, plain, { width, verbose, offline: c.offline });

const ALL_NAMES = [...REASON_CASES.map((c) => c.name), ...OFFLINE_CASES.map((c) => c.name)];
const byName = (name: string): GoldenCase => cases.find((c) => c.name === name)!;

describe('golden files: every reason code, human at 80 and 120 columns, and Markdown', () => {
  it.each(ALL_NAMES)('%s', (name) => {
    const c = byName(name);
    expectGolden(`reasons/${slug(name)}.80.txt`, human(c, 80));
    expectGolden(`reasons/${slug(name)}.120.txt`, human(c, 120));
    expectGolden(`reasons/${slug(name)}.md`, renderMarkdown(c.diagnosis, c.ctx, { offline: c.offline }));
  });

  it('covers every reason code of the catalogue', async () => {
    const { REASON_CODES } = await import('../../src/rules/catalogue.js');
    const seen = new Set(cases.flatMap((c) => [...c.diagnosis.reasons, ...(c.diagnosis.discounts ?? []).flatMap((d) => d.coupon_reasons)].map((r) => r.code)));
    expect(REASON_CODES.filter((code) => !seen.has(code))).toEqual([]);
  });
});

describe('the answer comes first: 3 + 2k lines for the verdict and every blocking reason with its fix, 6 + 3k in all (80 columns)', () => {
  const single = (c: GoldenCase) => (c.diagnosis.target.type === 'promotion_code' || c.diagnosis.target.type === 'coupon') && !c.diagnosis.matches;

  it.each(ALL_NAMES)('%s', (name) => {
    const c = byName(name);
    if (!single(c)) return;
    const lines = human(c, 80).trimEnd().split('\n');
    const k = c.diagnosis.reasons.length;
    expect(lines.length, lines.join('\n')).toBeLessThanOrEqual(6 + 3 * k);
    const head = lines.slice(0, 3 + 2 * k).join('\n');
    expect(lines[1]).toMatch(/^[✓?✗] (Redeemable|Not redeemable)/);
    for (const f of c.diagnosis.reasons.filter((r) => r.severity === 'blocking')) {
      // The fix is the last paragraph of its entry: all of it must be in the head.
      const fixWords = f.fix.split(' ');
      expect(head, `"${f.message}" within ${3 + 2 * k} lines:\n${lines.join('\n')}`).toContain(f.message.split(' ').slice(0, 3).join(' '));
      expect(head.replace(/\s+/g, ' '), `the fix of ${f.code} within ${3 + 2 * k} lines:\n${lines.join('\n')}`).toContain(fixWords.join(' '));
    }
  });

  it('no line is wider than 80 columns unless it is one word', () => {
    for (const c of cases) {
      for (const line of human(c, 80).split('\n')) {
        if ([...line].length > 80) expect(line.trim()).not.toContain(' ');
      }
    }
  });
});
