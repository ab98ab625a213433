/**
 * The one sanitiser for text that comes from outside (Stripe objects, Dashboard logs, flag
 * values such as --product) on its way to a terminal, a Markdown page or any other text a
 * person reads. docs/security.md says where it is applied.
 *
 * Customer names and emails are typed by end customers, codes and coupon names by anyone with
 * Dashboard access: such a field may hold escape sequences (OSC 8 hidden links, OSC 52
 * clipboard writes, screen clears), a carriage return that overwrites a line with a forged
 * "✓ Redeemable", bidi overrides that reorder what is shown, or 20,000 characters. Each is
 * shown escaped or cut here, never passed through:
 *
 * - C0 controls (U+0000–U+001F, line breaks and tabs included), DEL and C1 controls
 *   (U+0080–U+009F, which some terminals read as ESC [ and others) -> `\n`, `\r`, `\t`, `\xNN`;
 * - bidi controls (U+061C, U+200E, U+200F, U+202A–U+202E, U+2066–U+2069), line and paragraph
 *   separators (U+2028, U+2029), invisible formatting that hides text (U+200B, U+2060–U+2064,
 *   U+FEFF, U+FFF9–U+FFFB, tag characters U+E0000–U+E007F) and lone surrogates -> `\uNNNN`;
 * - more than `max` characters (after escaping) -> the first `max - 1` and "…".
 *
 * ZWJ and ZWNJ (U+200D, U+200C) stay: emoji and Persian or Indic names need them. A backslash
 * stays as it is, so a field that contains the text `\x1b` reads the same as one that held an
 * ESC: ambiguous to the eye, harmless to the terminal. Idempotent: sanitising twice changes
 * nothing more. Pure, no imports.
 */

/** The longest a field from outside is shown (characters, after escaping). */
export const FIELD_MAX = 200;
/** The longest a sentence is shown: ours, but it may quote fields from outside. */
export const SENTENCE_MAX = 2000;

// One character class, tested on the whole string first: most fields need nothing.
const UNSAFE =
  /[\u0000-\u001f\u007f-\u009f\u061c\u200b\u200e\u200f\u2028-\u202e\u2060-\u2064\u2066-\u2069\ufeff\ufff9-\ufffb]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]|\udb40[\udc00-\udc7f]/;

const NAMED: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

function escapeUnit(ch: string): string {
  if (!UNSAFE.test(ch)) return ch;
  const named = NAMED[ch];
  if (named !== undefined) return named;
  const code = ch.codePointAt(0)!;
  if (code <= 0xff) return `\\x${code.toString(16).padStart(2, '0')}`;
  if (code <= 0xffff) return `\\u${code.toString(16).padStart(4, '0')}`;
  return `\\u{${code.toString(16)}}`;
}

/** Whether `text` would be shown as it is (nothing to escape, not too long). */
export function isDisplaySafe(text: string, max = FIELD_MAX): boolean {
  return text.length <= max && !UNSAFE.test(text);
}

/**
 * `text` fit for a terminal or a page: controls escaped, at most `max` characters
 * (`Infinity`: no cap, for a value that must stay whole, such as a command to copy).
 */
export function displayText(text: string, max = FIELD_MAX): string {
  if (isDisplaySafe(text, max)) return text;
  let out = '';
  let used = 0;
  // Code points, so a surrogate pair is one unit and is never split.
  for (const ch of text) {
    const unit = escapeUnit(ch);
    if (used + unit.length > max) {
      // Cut: keep room for the ellipsis, dropping the last unit if it does not fit.
      let kept = out;
      let keptUsed = used;
      while (keptUsed > max - 1) {
        const last = lastUnit(kept);
        kept = kept.slice(0, kept.length - last.length);
        keptUsed -= last.length;
      }
      return `${kept}…`;
    }
    out += unit;
    used += unit.length;
  }
  return out;
}

/** The last display unit of an already escaped string: an escape, or one code point. */
function lastUnit(text: string): string {
  const escaped = /\\(?:x[0-9a-f]{2}|u[0-9a-f]{4}|u\{[0-9a-f]+\}|[nrt])$/.exec(text);
  if (escaped) return escaped[0];
  const last = text.codePointAt(text.length - 2);
  return last !== undefined && last > 0xffff ? text.slice(-2) : text.slice(-1);
}

/** Keys whose values are sentences (ours, quoting fields): the longer cap. */
const SENTENCE_KEYS = new Set(['message', 'fix', 'detail', 'summary', 'title', 'hint', 'note', 'notes', 'previewed']);

/**
 * Every string in a plain-data value (a diagnosis, a redemption context, a row) passed
 * through `displayText`: the renderers call it once on what they are given and then lay it
 * out, so no field can reach the output unsanitised whichever path it takes. Strings under a
 * sentence key (`message`, `fix`, …) get `SENTENCE_MAX`, every other string `FIELD_MAX`.
 * Returns the value itself when nothing needed changing.
 */
export function displaySafe<T>(value: T): T {
  return safe(value, FIELD_MAX) as T;
}

function safe(value: unknown, max: number): unknown {
  if (typeof value === 'string') return displayText(value, max);
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) {
    let changed = false;
    const out = value.map((item) => {
      const next = safe(item, max);
      if (next !== item) changed = true;
      return next;
    });
    return changed ? out : value;
  }
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return value;
  let changed = false;
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    // Keys too: Stripe's maps (metadata, currency_options) are keyed by what someone typed.
    const safeKey = displayText(key, FIELD_MAX);
    const next = safe(item, SENTENCE_KEYS.has(key) || max === SENTENCE_MAX ? SENTENCE_MAX : FIELD_MAX);
    if (next !== item || safeKey !== key) changed = true;
    out[safeKey] = next;
  }
  return changed ? out : value;
}
