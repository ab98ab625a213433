/**
 * `explain`'s input -> units to diagnose, in order, as they arrive: each JSON value of a
 * stream unwrapped (list, event…), or the one pasted text (a Dashboard log). A value that
 * cannot be read becomes an error unit with its position; the values after it still come.
 */
import { InputError } from '../errors.js';
import { parseStripeText, parseStripeValue, type ParsedInput } from '../model/input.js';
import { JsonValueSplitter, startsWithJsonValue, type StreamItem, type StreamPosition } from '../model/stream.js';
import { byteLength, inputTooLarge, MAX_INPUT_BYTES, type InputText } from './io.js';

type ExplainUnit =
  | { readonly kind: 'parsed'; readonly parsed: ParsedInput }
  | { readonly kind: 'error'; readonly message: string };

interface ExplainInput {
  /** Several documents may follow (a stream, several values): --json writes one per line. */
  readonly many: boolean;
  /** Standard input, read as it arrives: how many values it holds is known only at its end. */
  readonly live: boolean;
  readonly units: AsyncIterable<ExplainUnit>;
}

export async function readExplainInput(input: InputText): Promise<ExplainInput> {
  const chunks = input.chunks[Symbol.asyncIterator]();
  // Only the newest piece can hold the first non-blank character: look at it alone, so a
  // long run of blanks costs linear time.
  const pieces: string[] = [];
  let bytes = 0;
  let json: boolean | null = null;
  while (json === null) {
    const next = await chunks.next();
    if (next.done) break;
    pieces.push(next.value);
    bytes += byteLength(next.value);
    if (bytes > MAX_INPUT_BYTES) throw inputTooLarge(input.source);
    json = startsWithJsonValue(next.value);
  }
  const head = pieces.join('');
  if (json !== true) {
    // Not a bare JSON value: a pasted log or plain text, read whole and parsed as one.
    let text = head;
    for (let next = await chunks.next(); !next.done; next = await chunks.next()) {
      text += next.value;
      bytes += byteLength(next.value);
      if (bytes > MAX_INPUT_BYTES) throw inputTooLarge(input.source);
    }
    const parsed = parseStripeText(text, input.source);
    return {
      many: parsed.wrapper === 'list' || parsed.wrapper === 'search_result',
      live: false,
      units: single({ kind: 'parsed', parsed }),
    };
  }
  const splitter = new JsonValueSplitter({ source: input.source, maxValueLength: MAX_INPUT_BYTES });
  if (input.live) return { many: true, live: true, units: liveUnits(splitter, head, chunks, input.source) };
  // A file is whole already: count its values first, so one document stays one pretty document.
  const items = [...splitter.push(head), ...splitter.end()];
  const only = items.length === 1 ? items[0]! : null;
  const listLike = only?.kind === 'value' && isListValue(only.value);
  return { many: items.length > 1 || listLike, live: false, units: fromItems(items, input.source, items.length === 1) };
}

async function* single(unit: ExplainUnit): AsyncIterable<ExplainUnit> {
  yield unit;
}

async function* fromItems(items: readonly StreamItem[], source: string, alone: boolean): AsyncIterable<ExplainUnit> {
  for (const item of items) yield unitOf(item, source, alone);
}

async function* liveUnits(
  splitter: JsonValueSplitter,
  head: string,
  rest: AsyncIterator<string>,
  source: string,
): AsyncIterable<ExplainUnit> {
  let seen = 0;
  const emit = function* (items: StreamItem[]): Generator<ExplainUnit> {
    for (const item of items) yield unitOf(item, source, ++seen === 1 && item.position.line === 1);
  };
  try {
    yield* emit(splitter.push(head));
    for (let next = await rest.next(); !next.done; next = await rest.next()) yield* emit(splitter.push(next.value));
    yield* emit(splitter.end());
  } finally {
    // Stopped early (the reader of stdout went away): let go of standard input too.
    await rest.return?.();
  }
}

function isListValue(value: unknown): boolean {
  return (
    typeof value === 'object' &&
    value !== null &&
    'object' in value &&
    (value.object === 'list' || value.object === 'search_result')
  );
}

function unitOf(item: StreamItem, source: string, alone: boolean): ExplainUnit {
  const where = whereText(source, item.position, alone);
  if (item.kind === 'malformed') return { kind: 'error', message: `${where} ${item.reason}: ${item.excerpt}.` };
  try {
    return { kind: 'parsed', parsed: parseStripeValue(item.value) };
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    return { kind: 'error', message: alone ? error.message : `${where}: ${error.message}` };
  }
}

/** The first value needs no address; any other one is found by its number and line. */
function whereText(source: string, p: StreamPosition, alone: boolean): string {
  return alone ? source : `${source}, value ${p.index} (line ${p.line}, column ${p.column})`;
}
