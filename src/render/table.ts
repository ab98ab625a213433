/**
 * Borderless tables. cli-table3 colours heads red and borders grey by default; colour here
 * comes only from our own palette, so those styles are cleared.
 */
import Table from 'cli-table3';
import { displayWidth, isOneColumnText } from '../format/width.js';

const NO_BORDERS = {
  top: '',
  'top-mid': '',
  'top-left': '',
  'top-right': '',
  bottom: '',
  'bottom-mid': '',
  'bottom-left': '',
  'bottom-right': '',
  left: '',
  'left-mid': '',
  mid: '',
  'mid-mid': '',
  right: '',
  'right-mid': '',
  middle: '  ',
};

/**
 * `plainTable` lays out itself the tables it can, for speed: cli-table3 measured every cell
 * through string-width several times and took 70 % of `explain --verbose` of a long list (one
 * checks table per diagnosis). Its output is kept to the byte: only single-line cells whose
 * characters each take one column (isOneColumnText, src/format/width.ts) are laid out here;
 * anything else (CJK, emoji, combining marks, newlines) still goes to cli-table3.
 * test/render/table.test.ts compares both layouts.
 */
export function plainTable(head: string[], rows: string[][], indent = 0): string {
  const laidOut =
    head.length > 0 && [head, ...rows].every((row) => row.length <= head.length && row.every(isOneColumnText));
  return laidOut ? narrowTable(head, rows, indent) : cliTable3(head, rows, indent);
}

/**
 * The widest cell of column `i`, heading included. A loop, not Math.max(...cells): spreading
 * the cells of a 200,000-row audit table overflowed the call stack.
 */
function widest(head: string, rows: readonly (readonly string[])[], i: number): number {
  let width = displayWidth(head);
  for (const row of rows) width = Math.max(width, displayWidth(row[i] ?? ''));
  return width;
}

/** The layout of cliTable3() for cells of one-column characters: columns two spaces apart, lines trimmed. */
function narrowTable(head: readonly string[], rows: readonly (readonly string[])[], indent: number): string {
  // cli-table3 gives an empty column one space.
  const widths = head.map((h, i) => Math.max(1, widest(h, rows, i)));
  const pad = ' '.repeat(indent);
  const line = (cells: readonly string[]) =>
    (pad + widths.map((w, i) => (cells[i] ?? '') + ' '.repeat(w - displayWidth(cells[i] ?? ''))).join('  ')).trimEnd();
  return [line(head), ...rows.map(line)].join('\n');
}

/** A borderless cli-table3 table, for any cell. Exported for the test that holds plainTable to it. */
export function cliTable3(head: string[], rows: string[][], indent = 0): string {
  const table = new Table({
    head,
    style: { head: [], border: [], compact: true, 'padding-left': 0, 'padding-right': 0 },
    chars: NO_BORDERS,
  });
  table.push(...rows);
  const pad = ' '.repeat(indent);
  return table
    .toString()
    .split('\n')
    .map((line) => (pad + line).trimEnd())
    .join('\n');
}

/**
 * Aligned columns without cli-table3, for tables of any length: cli-table3 lays out the
 * whole table at once and grew quadratically (an audit of 100,000 codes took minutes).
 * Cells must be single-line; widths ignore colour codes.
 */
export function alignedColumns(head: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = head.map((h, i) => widest(h, rows, i));
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, i) => (i === cells.length - 1 ? cell : cell + ' '.repeat(widths[i]! - displayWidth(cell))))
      .join('  ')
      .trimEnd();
  return [line(head), ...rows.map(line)].join('\n');
}
