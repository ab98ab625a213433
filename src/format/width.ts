/**
 * Display width: how many terminal columns a text takes. One function for everything that
 * wraps, pads or aligns text (src/format/wrap.ts, src/render/table.ts). Colour codes take no
 * column; CJK ideographs and most emoji take two; combining marks none (string-width, the
 * measure cli-table3 uses too, so our own layouts and cli-table3's agree).
 */
import stringWidth from 'string-width';

/** The colour codes the palette writes (chalk's SGR sequences): they take no column. */
const ANSI = /\u001b\[[0-9;]*m/g;

/** Text without its colour codes. */
export function withoutColour(text: string): string {
  return text.replace(ANSI, '');
}

/**
 * Characters that each take exactly one column: printable ASCII, Latin-1 but for the soft hyphen
 * and the emoji-capable marks, and the marks our sentences use. Text made only of these is
 * measured by counting, which is exact and far faster than string-width on long lists.
 */
const ONE_COLUMN =
  /^[\x20-\x7e\u00a0-\u00a8\u00aa-\u00ac\u00af-\u00ff\u2013\u2014\u2018\u2019\u201c\u201d\u2022\u2026\u20ac\u2190-\u2193\u2212\u2264\u2265\u2500\u2713\u2717]*$/;

/** Whether every character of the text (colour aside) takes one column. */
export function isOneColumnText(text: string): boolean {
  return ONE_COLUMN.test(withoutColour(text));
}

/** The columns a single-line text takes in a terminal. */
export function displayWidth(text: string): number {
  const plain = withoutColour(text);
  return ONE_COLUMN.test(plain) ? plain.length : stringWidth(plain);
}
