import { displayText, SENTENCE_MAX } from './display.js';

/**
 * Text from input (ids, object types, codes) can carry line breaks or control characters;
 * every sentence promo-doctor prints is one line, so they are folded into spaces, and what
 * else a terminal would act on (C1 controls, bidi overrides) is escaped by the one sanitiser
 * (src/format/display.ts), which also caps the sentence.
 */
export function oneLine(text: string): string {
  return displayText(
    text
      .replace(/[\u0000-\u001f\u007f\u2028\u2029]+/g, ' ')
      .replace(/ {2,}/g, ' ')
      .trim(),
    SENTENCE_MAX,
  );
}

/**
 * Input quoted in an error message: at most `max` characters, control characters and
 * non-printable bytes escaped, "…" where it was cut. A 5,000-character argument or a
 * binary file never floods the terminal.
 */
export function quoteInput(text: string, max = 60): string {
  return `"${clipInput(text, max)}"`;
}

/** The same, without the quotes: for ids named in a sentence. */
export function clipInput(text: string, max = 60): string {
  const chars = [...text];
  const cut = chars.length > max;
  const escaped = chars
    .slice(0, max)
    .map((ch) => {
      const code = ch.codePointAt(0)!;
      if (ch === '"' || ch === '\\') return `\\${ch}`;
      if (
        code < 0x20 ||
        code === 0x7f ||
        (code >= 0x80 && code < 0xa0) ||
        ch === '\ufffd' ||
        code === 0x2028 ||
        code === 0x2029
      ) {
        return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
      }
      return ch;
    })
    .join('');
  return `${escaped}${cut ? '…' : ''}`;
}
