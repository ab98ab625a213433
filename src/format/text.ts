/**
 * Text from input (ids, object types, codes) can carry line breaks or control characters;
 * every sentence promo-doctor prints is one line, so they are folded into spaces.
 */
export function oneLine(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f\u2028\u2029]+/g, ' ').replace(/ {2,}/g, ' ').trim();
}
