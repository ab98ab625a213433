/**
 * A sequence of JSON values, cut out of text that arrives in pieces: one document, NDJSON
 * (`jq -c`; `stripe listen --format JSON` or `--print-json` print each event as it arrives,
 * https://docs.stripe.com/cli/listen) or values simply written one after the other.
 *
 * Pure and incremental: `push` takes whatever text has arrived and returns the values it
 * completes, so a caller can diagnose each value as soon as its last byte is in. A malformed
 * value is returned as such, with its position, and the values after it still come out.
 */
import { InputError } from '../errors.js';

/** Where a value starts in the whole input, 1-based, as an editor shows it. */
export interface StreamPosition {
  /** The n-th value (or stretch of non-JSON text) in the input. */
  readonly index: number;
  readonly line: number;
  readonly column: number;
}

export type StreamItem =
  | { readonly kind: 'value'; readonly value: unknown; readonly position: StreamPosition }
  | {
      readonly kind: 'malformed';
      readonly reason: string;
      readonly excerpt: string;
      readonly position: StreamPosition;
    };

/** At most this many characters of the input are quoted back in an error. */
const EXCERPT_LENGTH = 60;

/** A short, escaped quote of input text: never a control character or a long line on stderr. */
export function excerpt(text: string): string {
  const cut = text.length > EXCERPT_LENGTH ? `${text.slice(0, EXCERPT_LENGTH)}…` : text;
  return JSON.stringify(cut).replace(
    /[\u007f-\u009f\u2028\u2029]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

/**
 * Whether input that starts with `text` is a bare sequence of JSON values (true), text such
 * as a pasted Dashboard log (false), or cannot tell yet: nothing but whitespace so far (null).
 */
export function startsWithJsonValue(text: string): boolean | null {
  const first = /[^\s\uFEFF]/.exec(text);
  if (!first) return null;
  return first[0] === '{' || first[0] === '[';
}

/** V8's reason without the input it quotes (the excerpt quotes it, escaped and short). */
function parserReason(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const reason = message
    .split(/, (?:\.\.\.)?"|\n/)[0]!
    .replace(/[^\x20-\x7e]/g, ' ')
    .trim();
  return reason.length > 80 ? `${reason.slice(0, 79)}…` : reason;
}

const isSpace = (ch: string): boolean => ch === ' ' || ch === '\n' || ch === '\r' || ch === '\t' || ch === '\uFEFF';

/** A value starts a new JSON value here only after one of these (or at the top level). */
const CAN_PRECEDE_NESTED = new Set([':', ',', '[']);

export class JsonValueSplitter {
  private buffer = '';
  /** Position of buffer[0] in the whole input. */
  private line = 1;
  private column = 1;
  private index = 0;
  /** Scan state of the value (or junk) that starts at buffer[0]. */
  private mode: 'between' | 'value' | 'junk' = 'between';
  private scanned = 0;
  private depth = 0;
  private inString = false;
  private escaped = false;
  private lastSignificant = '';
  private atLineStart = false;
  /** Significant characters seen on the value's first line, and whether that line held more than the bracket. */
  private firstLineSignificant = 0;
  private compactFirstLine: boolean | null = null;
  /** Line and column of buffer[scanned], to place values without rescanning. */
  private scanLine = 1;
  private scanColumn = 1;

  constructor(
    private readonly limit: { readonly source: string; readonly maxValueLength: number } = {
      source: 'the input',
      maxValueLength: Number.POSITIVE_INFINITY,
    },
  ) {}

  /**
   * Text pushed while a value was open and fully scanned, not yet joined to `buffer`: joining
   * a piece to a long string and then reading it character by character makes V8 flatten
   * the whole string each time, which made one 50 MB value on stdin take 12 s (quadratic).
   * The pieces are scanned on their own and joined once, when the value ends.
   */
  private parts: string[] = [];

  /** Text has arrived: the values (and malformed stretches) it completes, in order. */
  push(text: string): StreamItem[] {
    const out: StreamItem[] = [];
    if (this.mode === 'value' && this.buffer !== '' && this.scanned === this.buffer.length + this.partsLength) {
      // The open value continues: scan the new piece alone.
      const base = this.scanned;
      this.parts.push(text);
      this.partsLength += text.length;
      for (let k = 0; k < text.length; k++) {
        const item = this.step(text[k]!, base + k);
        if (item !== null) {
          out.push(item);
          break;
        }
      }
      if (out.length === 0) {
        this.scanned = base + text.length;
        return out;
      }
    } else {
      this.join();
      this.buffer += text;
    }
    for (;;) {
      const item = this.next(false);
      if (item === null) break;
      out.push(item);
    }
    return out;
  }

  private partsLength = 0;

  /** `buffer` and the pieces pushed after it, as one string (once per value). */
  private join(): void {
    if (this.parts.length === 0) return;
    this.buffer += this.parts.join('');
    this.parts = [];
    this.partsLength = 0;
  }

  /** The input ended: whatever was left open is malformed. */
  end(): StreamItem[] {
    this.join();
    const out: StreamItem[] = [];
    for (;;) {
      const item = this.next(true);
      if (item === null) break;
      out.push(item);
    }
    return out;
  }

  private next(ended: boolean): StreamItem | null {
    if (this.mode === 'between') {
      this.skipSpace();
      if (this.buffer === '') return null;
      const first = this.buffer[0]!;
      this.mode = first === '{' || first === '[' ? 'value' : 'junk';
      this.resetScan();
    }
    return this.mode === 'value' ? this.scanValue(ended) : this.scanJunk(ended);
  }

  private resetScan(): void {
    this.scanned = 0;
    this.depth = 0;
    this.inString = false;
    this.escaped = false;
    this.lastSignificant = '';
    this.atLineStart = false;
    this.firstLineSignificant = 0;
    this.compactFirstLine = null;
    this.scanLine = this.line;
    this.scanColumn = this.column;
  }

  private skipSpace(): void {
    let i = 0;
    while (i < this.buffer.length && isSpace(this.buffer[i]!)) {
      this.advance(this.buffer[i]!);
      i++;
    }
    this.buffer = this.buffer.slice(i);
  }

  private advance(ch: string): void {
    if (ch === '\n') {
      this.line++;
      this.column = 1;
    } else this.column++;
  }

  private position(): StreamPosition {
    return { index: ++this.index, line: this.line, column: this.column };
  }

  /** Hand out buffer[0, end) as one item and move past it. */
  private take(end: number): { text: string; position: StreamPosition } {
    this.join();
    const text = this.buffer.slice(0, end);
    const position = this.position();
    this.line = this.scanLine;
    this.column = this.scanColumn;
    this.buffer = this.buffer.slice(end);
    this.mode = 'between';
    return { text, position };
  }

  private scanValue(ended: boolean): StreamItem | null {
    const b = this.buffer;
    for (let i = this.scanned; i < b.length; i++) {
      const item = this.step(b[i]!, i);
      if (item !== null) return item;
    }
    this.scanned = b.length;
    if (!ended) return null;
    const { text, position } = this.take(b.length);
    return {
      kind: 'malformed',
      reason: 'is not JSON (it ends before the value closes)',
      excerpt: excerpt(text.trim()),
      position,
    };
  }

  /**
   * One character of the open value, the i-th of its text (`buffer` then `parts`): the item it
   * ends, or null while the value goes on.
   */
  private step(ch: string, i: number): StreamItem | null {
    if (this.inString && ch === '\n') {
      // A raw line break cannot be inside a JSON string (RFC 8259, section 7: control
      // characters must be escaped), so a line cut inside a string ends here: give it up at
      // the break, and the next line is read as the start of a value (issue 18, defect 10).
      this.scanned = i;
      const { text, position } = this.take(i);
      return {
        kind: 'malformed',
        reason: 'is not JSON (cut short: a line ends inside a string)',
        excerpt: excerpt(text.trimEnd()),
        position,
      };
    }
    if (this.inString) {
      if (this.escaped) this.escaped = false;
      else if (ch === '\\') this.escaped = true;
      else if (ch === '"') this.inString = false;
    } else if (ch === '{' || ch === '[') {
      // NDJSON with a truncated line: a value opening at the start of a line, inside a value
      // that began as one compact line (more than its bracket on its first line) or where
      // no value can start, means the previous one was cut short. Give it up here, so one
      // broken line does not swallow the rest of the stream.
      if (
        this.depth > 0 &&
        this.atLineStart &&
        (this.compactFirstLine === true || !CAN_PRECEDE_NESTED.has(this.lastSignificant))
      ) {
        this.scanned = i;
        const { text, position } = this.take(i);
        return {
          kind: 'malformed',
          reason: 'is not JSON (cut short: a new value starts before it closes)',
          excerpt: excerpt(text.trimEnd()),
          position,
        };
      }
      this.depth++;
    } else if (ch === '}' || ch === ']') {
      this.depth--;
    } else if (ch === '"') this.inString = true;
    if (!isSpace(ch)) {
      if (this.compactFirstLine === null) this.firstLineSignificant++;
      this.lastSignificant = ch;
      this.atLineStart = false;
    }
    if (ch === '\n') {
      this.scanLine++;
      this.scanColumn = 1;
      if (!this.inString) {
        this.atLineStart = true;
        this.compactFirstLine ??= this.firstLineSignificant > 1;
      }
    } else this.scanColumn++;
    if (!this.inString && this.depth === 0) return this.parse(i + 1);
    // A value this large is no Stripe payload; keeping it would only exhaust memory.
    if (i + 1 > this.limit.maxValueLength) {
      throw new InputError(
        `${this.limit.source} has a value at line ${this.line} larger than ${Math.round(this.limit.maxValueLength / 1024 / 1024)} MiB; that is not a Stripe object or list.`,
      );
    }
    return null;
  }

  private parse(end: number): StreamItem {
    const { text, position } = this.take(end);
    try {
      return { kind: 'value', value: JSON.parse(text) as unknown, position };
    } catch (error) {
      return { kind: 'malformed', reason: `is not JSON (${parserReason(error)})`, excerpt: excerpt(text), position };
    }
  }

  /** Text that is not JSON between values: skipped up to the end of its line, reported once. */
  private scanJunk(ended: boolean): StreamItem | null {
    const b = this.buffer;
    const newline = b.indexOf('\n', this.scanned);
    if (newline === -1 && !ended) {
      this.scanned = b.length;
      return null;
    }
    const end = newline === -1 ? b.length : newline + 1;
    for (let i = 0; i < end; i++) {
      if (b[i] === '\n') {
        this.scanLine++;
        this.scanColumn = 1;
      } else this.scanColumn++;
    }
    const { text, position } = this.take(end);
    // After an oversized value, the rest of it is not reported again.
    return { kind: 'malformed', reason: 'is not JSON', excerpt: excerpt(text.trim()), position };
  }
}
