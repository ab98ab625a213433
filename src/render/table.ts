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
