/**
 * plainTable lays out by itself the tables whose characters are one column wide, and hands the
 * rest to cli-table3 (src/render/table.ts): both paths must print the same bytes, coloured or not.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { alignedColumns, cliTable3, plainTable } from '../../src/render/table.js';
import { createPalette } from '../../src/render/palette.js';
import { SEED } from '../helpers/arbitraries.js';

const p = createPalette(true);
/** Every character plainTable lays out itself, and a few it must leave to cli-table3. */
const oneColumn = [
  ...Array.from({ length: 0x5f }, (_, i) => String.fromCharCode(0x20 + i)),
  ...'\u00a0é©®ß×÷–—‘’“”•…€←→≤≥−─✓✗·',
];
const others = [...'日本語😀\u0301\u00ad™\u2714'];

const cell = (alphabet: string[]) =>
  fc
    .tuple(
      fc.array(fc.constantFrom(...alphabet), { maxLength: 12 }),
      fc.constantFrom<(s: string) => string>(
        (s) => s,
        p.bold,
        p.red,
        p.dim,
        (s) => p.green(`✓ ${s}`),
      ),
    )
    .map(([chars, paint]) => paint(chars.join('')));
const table = (alphabet: string[]) =>
  fc
    .integer({ min: 1, max: 4 })
    .chain((columns) =>
      fc.tuple(
        fc.array(cell(alphabet), { minLength: columns, maxLength: columns }),
        fc.array(fc.array(cell(alphabet), { minLength: 0, maxLength: columns }), { maxLength: 6 }),
        fc.integer({ min: 0, max: 4 }),
      ),
    );

describe('plainTable', () => {
  it('prints what cli-table3 prints, for one-column characters', () => {
    fc.assert(
      fc.property(table(oneColumn), ([head, rows, indent]) => {
        expect(plainTable(head, rows, indent)).toBe(cliTable3(head, rows, indent));
      }),
      { seed: SEED, numRuns: 500 },
    );
  });

  it('prints what cli-table3 prints for wide, zero-width and emoji characters and for several lines in a cell', () => {
    fc.assert(
      fc.property(table([...oneColumn, ...others, '\n']), ([head, rows, indent]) => {
        expect(plainTable(head, rows, indent)).toBe(cliTable3(head, rows, indent));
      }),
      { seed: SEED, numRuns: 300 },
    );
  });

  it('pads each column to its widest cell, two spaces apart, colour codes not counted', () => {
    expect(
      plainTable(
        ['', p.bold('Check'), 'Result'],
        [
          [p.green('✓'), 'Coupon valid', 'yes'],
          [p.red('✗'), 'Expired', 'on 1 June'],
        ],
        2,
      ),
    ).toBe(
      [
        `     ${p.bold('Check')}         Result`,
        `  ${p.green('✓')}  Coupon valid  yes`,
        `  ${p.red('✗')}  Expired       on 1 June`,
      ].join('\n'),
    );
  });
});

describe('alignedColumns', () => {
  it('lays out a table of 300,000 rows (the audit table of a large account) without overflowing the stack', () => {
    const rows = Array.from({ length: 300_000 }, (_, i) => [`promo_${i}`, 'not_redeemable', 'coupon_deleted']);
    const text = alignedColumns(['code', 'verdict', 'reasons'], rows);
    expect(text.split('\n')).toHaveLength(300_001);
    expect(text.split('\n')[1]).toBe('promo_0       not_redeemable  coupon_deleted');
  });
});
