/**
 * A borderless cli-table3 table. cli-table3 colours heads red and borders grey by default;
 * colour here comes only from our own palette, so those styles are cleared.
 */
import Table from 'cli-table3';

const NO_BORDERS = {
  top: '', 'top-mid': '', 'top-left': '', 'top-right': '',
  bottom: '', 'bottom-mid': '', 'bottom-left': '', 'bottom-right': '',
  left: '', 'left-mid': '', mid: '', 'mid-mid': '', right: '', 'right-mid': '',
  middle: '  ',
};

export function plainTable(head: string[], rows: string[][], indent = 0): string {
  const table = new Table({ head, style: { head: [], border: [], compact: true, 'padding-left': 0, 'padding-right': 0 }, chars: NO_BORDERS });
  table.push(...rows);
  const pad = ' '.repeat(indent);
  return table
    .toString()
    .split('\n')
    .map((line) => (pad + line).trimEnd())
    .join('\n');
}

const ANSI = /\u001b\[[0-9;]*m/g;
const visibleWidth = (text: string): number => [...text.replace(ANSI, '')].length;

/**
 * Aligned columns without cli-table3, for tables of any length: cli-table3 lays out the
 * whole table at once and grew quadratically (an audit of 100,000 codes took minutes).
 * Cells must be single-line; widths ignore colour codes.
 */
export function alignedColumns(head: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = head.map((h, i) => Math.max(visibleWidth(h), ...rows.map((r) => visibleWidth(r[i] ?? ''))));
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, i) => (i === cells.length - 1 ? cell : cell + ' '.repeat(widths[i]! - visibleWidth(cell))))
      .join('  ')
      .trimEnd();
  return [line(head), ...rows.map(line)].join('\n');
}
