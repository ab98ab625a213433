/**
 * Stripe ids are opaque. Stripe's API versioning policy counts "changing the length or format
 * of object IDs" among backwards-compatible changes and says ids may be up to 255 characters
 * (https://docs.stripe.com/upgrades#what-changes-does-stripe-consider-to-be-backward-compatible;
 * sure: the docs say so in as many words). So no id body is checked against a pattern: an id is
 * refused only when it cannot be one at all (empty, whitespace, a control character, more than
 * 255 characters). A prefix (promo_, cus_…) is read only where it decides what was meant.
 */

export const MAX_ID_LENGTH = 255;

/** Why `text` cannot be a Stripe id, in a few words, or null when it can be one. */
export function idProblem(text: string): string | null {
  if (text === '') return 'it is empty';
  if (text.length > MAX_ID_LENGTH) return `it is longer than ${MAX_ID_LENGTH} characters`;
  for (const ch of text) {
    const code = ch.codePointAt(0)!;
    // C0 controls, DEL and C1 controls.
    if (code < 0x20 || (code >= 0x7f && code <= 0x9f)) return 'it has a control character';
  }
  if (/\s/.test(text)) return 'it has whitespace';
  return null;
}

/** `text` could be a Stripe id (with `prefix`, when given): any body but what idProblem refuses. */
export function isStripeId(text: string, prefix?: string | readonly string[]): boolean {
  if (idProblem(text) !== null) return false;
  if (prefix === undefined) return true;
  const prefixes = typeof prefix === 'string' ? [prefix] : prefix;
  return prefixes.some((p) => text.startsWith(p) && text.length > p.length);
}
