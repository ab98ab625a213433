/**
 * Issue 18, defects 4 and 5: a CSV cell never starts a formula (OWASP: prefix `'`), and no
 * field forges Markdown structure (a heading, a table row, a list item) with a newline or
 * a pipe.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { csvField, csvLine } from '../../src/render/audit.js';
import { codeSpan } from '../../src/render/markdown.js';
import { diagnosePromotionCode } from '../../src/rules/diagnose.js';
import { parseCsv, REPO_ROOT, runCli } from '../helpers/cli.js';
import { ctx, promo } from '../helpers/model.js';
import { AT_ISO } from '../helpers/time.js';

describe('CSV formula injection', () => {
  it.each([
    ['=HYPERLINK("https://evil.example","click")'],
    ['+1+1'],
    ['-2+3'],
    ['@SUM(A1)'],
    ['\t=1'],
    ['\r=1'],
    ['＝1+1'],
  ])('%j is written with a leading quote, in a quoted cell', (text) => {
    const cell = csvField(text);
    expect(cell.startsWith(`"'`)).toBe(true);
    expect(parseCsv(`${cell}\r\n`)).toEqual([[`'${text}`]]);
  });

  it('ordinary values and numbers are written as they were', () => {
    expect(csvField('SPRING-25')).toBe('SPRING-25');
    expect(csvField("O'Brien")).toBe("O'Brien");
    expect(csvField(212)).toBe('212');
    expect(csvField(null)).toBe('');
    expect(csvField('a,b')).toBe('"a,b"');
  });

  it('a code, id or coupon id that starts a formula never starts a cell of the audit CSV', () => {
    const d = diagnosePromotionCode(promo({ id: '@promo', code: '=HYPERLINK("x")' }), ctx());
    const [row] = parseCsv(csvLine(d));
    for (const cell of row!) expect(cell).not.toMatch(/^[=+\-@\t\r]/);
    expect(row!.slice(0, 2)).toEqual(["'@promo", '\'=HYPERLINK("x")']);
  });
});

const example = JSON.parse(readFileSync(`${REPO_ROOT}examples/promotion-code-2026-10-28.json`, 'utf8'));

async function markdownOf(mutate: (code: typeof example) => void): Promise<string> {
  const code = structuredClone(example);
  mutate(code);
  const r = await runCli(['explain', '-', '--at', AT_ISO, '--format', 'markdown', '--verbose'], {
    stdin: JSON.stringify(code),
  });
  expect(r.stderr).toBe('');
  return r.stdout;
}

/** The lines of the Markdown that open a block: headings, table rows, list items, quotes. */
const structure = (md: string): string[] =>
  md
    .split('\n')
    .filter((line) => /^(#{1,6} |\||- |> |---)/.test(line))
    .map((line) => line.slice(0, 6));

describe('Markdown structure', () => {
  it('a code with "\\n\\n## " makes no heading of its own, and a coupon name with a newline and pipes does not split the facts table', async () => {
    const plain = await markdownOf(() => {});
    const forged = await markdownOf((code) => {
      code.code = 'SPRING\n\n## Redeemable\n\n- ✓ fine';
      code.promotion.coupon.name = 'Spring\n| Valid | yes |\n|x|';
    });
    expect(structure(forged)).toEqual(structure(plain));
    expect(forged).not.toMatch(/^## Redeemable/m);
    expect(forged).not.toMatch(/^\| Valid \| yes \|/m);
    // The facts table still has its two columns on every row: each pipe from the data is escaped.
    for (const line of forged.split('\n').filter((l) => l.startsWith('|')))
      expect(line.replaceAll('\\|', '').split('|')).toHaveLength(4);
  });

  it('a command in a code span survives backticks inside it', () => {
    expect(codeSpan('a`b')).toBe('``a`b``');
    expect(codeSpan('`x`')).toBe('`` `x` ``');
    expect(codeSpan('plain')).toBe('`plain`');
  });
});
