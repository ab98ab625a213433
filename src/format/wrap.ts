/**
 * Wrapping for the terminal: words (and ids, which are words) are never split; a line
 * that goes on is indented under the start of its text (a hanging indent). Widths are
 * terminal columns (src/format/width.ts): colour codes take none, a CJK character or an
 * emoji two.
 */
import { displayWidth } from './width.js';

/**
 * `first` is printed before the text on the first line (a mark, "fix:"), `indent` on
 * every following line. `width` null: one line, no wrapping. A word longer than the room
 * left stays whole on a line of its own.
 */
export function wrap(
  text: string,
  width: number | null,
  first = '',
  indent = ' '.repeat(displayWidth(first)),
): string[] {
  if (width === null) return [first + text];
  const words = text.split(/ +/).filter((w) => w !== '');
  const lines: string[] = [];
  let line = first;
  let used = displayWidth(first);
  let empty = true;
  for (const word of words) {
    const length = displayWidth(word);
    if (!empty && used + 1 + length > width) {
      lines.push(line);
      line = indent + word;
      used = displayWidth(indent) + length;
    } else {
      line += (empty ? '' : ' ') + word;
      used += (empty ? 0 : 1) + length;
    }
    empty = false;
  }
  lines.push(line);
  return lines;
}
