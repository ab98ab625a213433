/**
 * `promo-doctor explain <file|->`: offline diagnosis of Stripe JSON, no API key needed.
 */
import type { ParsedInput } from '../model/input.js';
import { displayText } from '../format/display.js';
import { diagnoseParsed, explainContext } from '../usecases/explain.js';
import type { Palette } from '../render/palette.js';
import { contextFromFlags, type ContextFlags } from './contextOptions.js';
import { EXIT, exitCodeFor } from './exitCode.js';
import { readExplainInput } from './explainInput.js';
import { openInput, write, type Streams } from './io.js';
import { outputOptions, writeInContext, type OutputFlags } from './output.js';

/**
 * When the data was read from Stripe. An event says (its `created`). Otherwise the wall
 * clock says nothing about a pasted payload (same input and --at must give the same
 * output), so: without --at the evaluation time is now and the data cannot be newer; with
 * --at the data may have been read any time after it, as a live read with --at is. A
 * deadline between --at and the read then explains `active: false` exactly as it does live.
 */
function observedAt(eventTime: number | null, atGiven: boolean, at: number): number {
  if (eventTime !== null) return eventTime;
  return atGiven ? Number.POSITIVE_INFINITY : at;
}

export type ExplainFlags = ContextFlags & OutputFlags;

export async function runExplain(
  file: string,
  flags: ExplainFlags,
  io: Streams & { readonly cwd: string },
  palette: Palette,
  now: number,
): Promise<number> {
  // Bad flags are refused before the input is read.
  outputOptions(flags, false, true);
  const flagged = contextFromFlags(flags, now);
  const input = await readExplainInput(await openInput(file, io.stdin, io.cwd));
  const options = outputOptions(flags, input.many, true);
  const strict = flags.strict ?? false;
  let exitCode = 0;
  let bad = false;
  let skipped = false;
  // One item at a time, each written (and flushed) before the next is diagnosed: a live
  // stream is answered value by value, and a long list never piles up.
  async function* diagnoses() {
    for await (const unit of input.units) {
      if (unit.kind === 'error') {
        // Reported and passed over: the values around it are still diagnosed (exit 2 at the end).
        bad = true;
        await write(io.stderr, `promo-doctor: ${unit.message}\n`);
        continue;
      }
      const { parsed } = unit;
      if (parsed.skipped) {
        skipped = true;
        await write(io.stderr, `promo-doctor: skipped ${skippedText(parsed.skipped)}.\n`);
        continue;
      }
      const timed = { ...flagged, observed_at: observedAt(parsed.observedAt, flags.at !== undefined, flagged.at) };
      // An event says which API version its object was written with; --api-version wins.
      const ctx = parsed.apiVersion && !flagged.api_version ? { ...timed, api_version: parsed.apiVersion } : timed;
      for (const [i, item] of parsed.items.entries()) {
        const itemCtx = explainContext(item, ctx, flags, parsed.judgedOn?.[i] ?? null);
        const diagnosis = diagnoseParsed(item, parsed, itemCtx);
        exitCode = Math.max(exitCode, exitCodeFor([diagnosis], strict));
        yield { diagnosis, ctx: itemCtx };
      }
    }
  }
  // A list or several values in a file are tallied; standard input only once it held several.
  const tally = input.live ? (count: number) => count > 1 : undefined;
  await writeInContext(diagnoses(), options, io, palette, {
    saysEmpty: () => !bad && !skipped,
    ...(tally ? { tally } : {}),
  });
  return bad ? EXIT.usage : exitCode;
}

function skippedText(s: NonNullable<ParsedInput['skipped']>): string {
  const event = [s.event && displayText(s.event), s.type && `(${displayText(s.type)})`].filter(Boolean).join(' ');
  return `event ${event || 'without an id'}: a "${displayText(s.object, 40)}" is nothing promo-doctor explains`;
}
