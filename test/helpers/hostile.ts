/**
 * What a hostile Dashboard user or end customer types into a field (issue 18): shared by the
 * sanitiser tests and the fuzz suite.
 */
export const ATTACKS = {
  osc8: '\u001b]8;;https://evil.example/\u0007click me\u001b]8;;\u0007',
  osc52: '\u001b]52;c;cm0gLXJmIH4K\u0007',
  clear: '\u001b[2J\u001b[H',
  forgedLine: 'X\r✓ Redeemable: no findings',
  bidi: 'abc\u202edcba\u2066x\u2069',
  c1: 'a\u009b31mred',
  newline: 'A\n\n## Forged heading\n| a | b |',
} as const;

export const HOSTILE = Object.values(ATTACKS).join(' ');

/** A character a terminal acts on: any C0 but the line feed, DEL, C1, bidi controls, separators. */
export const RAW_CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]/;

/** The first raw control character in `text`, described with its surroundings; null when none. */
export function rawControlIn(text: string): string | null {
  const found = RAW_CONTROL.exec(text);
  if (!found) return null;
  const around = JSON.stringify(text.slice(Math.max(0, found.index - 30), found.index + 30));
  return `raw U+${found[0].codePointAt(0)!.toString(16)} at ${found.index}: ${around}`;
}
