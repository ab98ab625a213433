/**
 * Issue 18, "Also": the fuzz suite over the renderers. Any string in any field Stripe or a user
 * fills (ids included: the model refuses bad ids, the renderers must not rely on it), in every
 * format:
 * - human (plain and --verbose, colour on), the audit table, error sentences: no raw control
 *   character but the line feed, and colour only as SGR sequences of our own;
 * - Markdown: the same, and the block structure (headings, list items, quotes, table rows with
 *   two cells) is that of the same diagnosis with harmless strings in place;
 * - CSV: one record of the header's width, no cell starting a formula;
 * - HTML report: the sequence of tags is that of the harmless page, and the data blocks parse.
 * fast-check with a fixed seed; each fuzz string stands for one placeholder throughout, so
 * equal fields stay equal and the rules find the same things in both renders.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { renderHuman } from '../../src/render/human.js';
import { renderMarkdown } from '../../src/render/markdown.js';
import { auditRow, csvHeader, csvLine, renderAuditTable } from '../../src/render/audit.js';
import { createPalette } from '../../src/render/palette.js';
import { createReportSink } from '../../src/render/report/sink.js';
import { diagnoseCustomer, diagnosePromotionCode, type Diagnosis } from '../../src/rules/diagnose.js';
import type { RedemptionContext } from '../../src/rules/context.js';
import { diagnoseStripeInput } from '../../src/usecases/explain.js';
import { oneLine } from '../../src/format/text.js';
import { SEED } from '../helpers/arbitraries.js';
import { parseCsv } from '../helpers/cli.js';
import { ATTACKS, rawControlIn } from '../helpers/hostile.js';
import { AT, coupon, ctx, customer, discount, promo } from '../helpers/model.js';

/** Characters that mean something to a terminal, Markdown, CSV or HTML, and plain ones. */
const MEANINGFUL = [
  '\n',
  '\r',
  '\t',
  '\u0000',
  '\u0007',
  '\u001b',
  '\u007f',
  '\u0085',
  '\u009b',
  '\u202e',
  '\u2066',
  '\u2028',
  '\u200b',
  '\ufeff',
  '\ud800',
  '|',
  '#',
  '`',
  '*',
  '_',
  '[',
  ']',
  '(',
  ')',
  '<',
  '>',
  '&',
  '"',
  "'",
  '=',
  '+',
  '-',
  '@',
  '\\',
  '/',
  '.',
  ':',
  ',',
  ';',
  ' ',
  'a',
  'Z',
  '0',
  'é',
  '日',
  '😀',
];
const fuzzString: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: fc.string({ unit: fc.constantFrom(...MEANINGFUL), minLength: 1, maxLength: 24 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 24 }) },
  { weight: 1, arbitrary: fc.constantFrom(...Object.values(ATTACKS)) },
  { weight: 1, arbitrary: fc.string({ unit: fc.constantFrom(...MEANINGFUL), minLength: 201, maxLength: 400 }) },
);

/** The fields a fuzz case fills: each with a fuzz string, or with its placeholder. */
const FIELDS = [
  'codeId',
  'code',
  'couponId',
  'couponName',
  'product',
  'customerId',
  'name',
  'email',
  'discountId',
  'message',
  'param',
] as const;
type Field = (typeof FIELDS)[number];
type Strings = Record<Field, string>;

const placeholders: Strings = Object.fromEntries(FIELDS.map((f, i) => [f, `p${i}x`])) as Strings;

interface Case {
  readonly diagnosis: Diagnosis;
  readonly ctx: RedemptionContext;
}

/** The diagnoses of one set of strings: a promotion code, a customer, a Stripe error. */
function casesOf(s: Strings): Case[] {
  const c = ctx({ customer: s.customerId, products: [s.product], amount: 100, currency: 'usd' });
  const theCoupon = coupon({
    id: s.couponId,
    name: s.couponName,
    applies_to_products: [s.product, 'prod_other'],
    max_redemptions: 10,
    times_redeemed: 10,
  });
  const code = promo({
    id: s.codeId,
    code: s.code,
    coupon: theCoupon,
    expires_at: AT - 10,
    customer: { kind: 'reference', id: s.customerId } as never,
  });
  const cust = customer({
    id: s.customerId,
    name: s.name,
    email: s.email,
    discount: discount({ id: s.discountId, coupon: theCoupon, customer: s.customerId, end: AT - 5 }),
  });
  const errorBody = {
    error: { type: 'invalid_request_error', code: 'resource_missing', message: s.message, param: s.param },
  };
  return [
    { diagnosis: diagnosePromotionCode(code, c), ctx: c },
    { diagnosis: diagnoseCustomer(cust, c), ctx: c },
    ...diagnoseStripeInput(errorBody, c, { at: AT }).map((e) => ({ diagnosis: e.diagnosis, ctx: e.ctx })),
  ];
}

const strings = fc.record(
  Object.fromEntries(FIELDS.map((f) => [f, fuzzString])) as Record<Field, fc.Arbitrary<string>>,
);
const RUNS = { seed: SEED, numRuns: 150 };

/** Colour is ours: SGR sequences only. Anything else that is a control is raw data. */
const SGR = /\u001b\[[0-9;]*m/g;
function expectTerminalSafe(text: string): void {
  const found = rawControlIn(text.replace(SGR, ''));
  expect(found, found ?? '').toBeNull();
}

/** Block structure of a Markdown page: what opens each line, and the cell count of table rows. */
function markdownStructure(md: string): string[] {
  return md.split('\n').map((line) => {
    if (line === '') return 'blank';
    const heading = /^(#{1,6}) /.exec(line);
    if (heading) return `h${heading[1]!.length}`;
    if (line.startsWith('|')) return `row${line.replace(/\\\\/g, '').replace(/\\\|/g, '').split('|').length}`;
    if (/^\s*- /.test(line)) return `item${/^\s*/.exec(line)![0].length}`;
    if (line.startsWith('> ')) return 'quote';
    if (line === '---') return 'rule';
    return 'text';
  });
}

/** The tags of a page, links aside: an id that cannot be a path segment is shown without one. */
const tags = (html: string): string[] =>
  [...html.matchAll(/<\/?([a-zA-Z][a-zA-Z0-9-]*)/g)].map((m) => m[0]).filter((t) => t !== '<a' && t !== '</a');

describe('fuzz: any string in any field, every format', () => {
  const colour = createPalette(true);

  it('human and --verbose: no raw control character, colour only as SGR; one line per line', () => {
    fc.assert(
      fc.property(strings, (s) => {
        for (const { diagnosis, ctx: c } of casesOf(s)) {
          expectTerminalSafe(renderHuman(diagnosis, c, colour, { offline: true, verbose: false, width: 60 }));
          expectTerminalSafe(renderHuman(diagnosis, c, colour, { offline: true, verbose: true, width: null }));
        }
      }),
      { seed: SEED, numRuns: 40 },
    );
  });

  it('the audit table: no raw control character, and no row wider than the caps allow', () => {
    fc.assert(
      fc.property(fc.array(strings, { minLength: 1, maxLength: 4 }), (all) => {
        const rows = all.flatMap((s) =>
          casesOf(s)
            .slice(0, 1)
            .map((c) => auditRow(c.diagnosis)!),
        );
        const table = renderAuditTable(rows, colour, rows.length);
        expectTerminalSafe(table);
        for (const line of table.replace(SGR, '').split('\n')) expect([...line].length).toBeLessThan(800);
      }),
      RUNS,
    );
  });

  it('error sentences: one line, no raw control character', () => {
    fc.assert(
      fc.property(fuzzString, (text) => {
        const sentence = oneLine(`The coupon ${text} has a "name" field that is odd.`);
        expect(sentence).not.toContain('\n');
        expectTerminalSafe(sentence);
      }),
      RUNS,
    );
  });

  it('Markdown: no raw control character, and the structure of the harmless page', () => {
    fc.assert(
      fc.property(strings, (s) => {
        const fuzzed = casesOf(s);
        const harmless = casesOf(placeholders);
        fuzzed.forEach(({ diagnosis, ctx: c }, i) => {
          const md = renderMarkdown(diagnosis, c, { offline: true });
          expectTerminalSafe(md);
          const expected = renderMarkdown(harmless[i]!.diagnosis, harmless[i]!.ctx, { offline: true });
          expect(markdownStructure(md)).toEqual(markdownStructure(expected));
        });
      }),
      RUNS,
    );
  });

  it('CSV: one record of the header width, and no cell starts a formula', () => {
    const width = parseCsv(csvHeader())[0]!.length;
    fc.assert(
      fc.property(strings, (s) => {
        const { diagnosis } = casesOf(s)[0]!;
        const records = parseCsv(csvLine(diagnosis));
        expect(records).toHaveLength(1);
        expect(records[0]).toHaveLength(width);
        for (const cell of records[0]!) expect(cell).not.toMatch(/^[=+\-@\t\r\uff1d\uff0b\uff0d\uff20]/);
      }),
      RUNS,
    );
  });

  it('HTML report: the tags of the harmless page, and data blocks that parse', () => {
    const page = (s: Strings): string => {
      const sink = createReportSink({ at: AT, generatedAt: AT, livemode: false, scope: s.name });
      const { diagnosis } = casesOf(s)[0]!;
      return sink.open() + sink.add(diagnosis) + sink.close({ incomplete: `stopped ${s.message}` });
    };
    const harmless = tags(page(placeholders));
    fc.assert(
      fc.property(strings, (s) => {
        const html = page(s);
        expect(tags(html)).toEqual(harmless);
        for (const [, json] of html.matchAll(/<script type="application\/json" id="pd-\w+">([\s\S]*?)<\/script>/g))
          expect(() => JSON.parse(json!)).not.toThrow();
        // Every link stays on the Dashboard, under its collection.
        for (const [, href] of html.matchAll(/href="([^"]*)"/g)) {
          if (href === 'data:,') continue;
          const url = new URL(href!.replaceAll('&amp;', '&').replaceAll('&#39;', "'").replaceAll('&quot;', '"'));
          expect(url.origin).toBe('https://dashboard.stripe.com');
          expect(url.pathname).toMatch(/^\/test\/(coupons|promotion_codes)\/[^/]+$/);
        }
      }),
      RUNS,
    );
  });
});
