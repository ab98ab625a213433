/**
 * `promo-doctor explain <file|->`: offline diagnosis of Stripe JSON, no API key needed.
 */
import type { Diagnosable } from '../model/types.js';
import { parseStripeText } from '../model/input.js';
import type { RedemptionContext } from '../rules/context.js';
import {
  diagnoseCoupon,
  diagnoseCustomer,
  diagnoseDeletedCustomer,
  diagnosePromotionCode,
  diagnoseStandaloneDiscount,
  diagnoseSubscription,
  type Diagnosis,
} from '../rules/diagnose.js';
import type { Palette } from '../render/palette.js';
import { contextFromFlags, type ContextFlags } from './contextOptions.js';
import { exitCodeFor } from './exitCode.js';
import { readInput, type Streams } from './io.js';
import { outputOptions, writeDiagnoses, type OutputFlags } from './output.js';

export function diagnose(item: Diagnosable, ctx: RedemptionContext): Diagnosis {
  switch (item.kind) {
    case 'promotion_code':
      return diagnosePromotionCode(item, ctx);
    case 'coupon':
      return diagnoseCoupon(item, ctx);
    case 'customer':
      return diagnoseCustomer(item, ctx);
    case 'subscription':
      return diagnoseSubscription(item, ctx);
    case 'discount':
      return diagnoseStandaloneDiscount(item, ctx);
    case 'deleted_object':
      return item.object === 'coupon'
        ? diagnoseCoupon({ kind: 'deleted', id: item.id }, ctx)
        : diagnoseDeletedCustomer(item.id, ctx);
  }
}

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

export async function runExplain(file: string, flags: ExplainFlags, io: Streams & { readonly cwd: string }, palette: Palette, now: number): Promise<number> {
  // Bad flags are refused before the input is read.
  outputOptions(flags, false, true);
  const flagged = contextFromFlags(flags, now);
  const { text, source } = await readInput(file, io.stdin, io.cwd);
  const input = parseStripeText(text, source);
  const ctx = { ...flagged, observed_at: observedAt(input.observedAt, flags.at !== undefined, flagged.at) };
  // A list or search result is one document per line (NDJSON), like audit.
  const many = input.wrapper === 'list' || input.wrapper === 'search_result';
  const strict = flags.strict ?? false;
  let exitCode = 0;
  // Diagnose lazily, one item at a time: a long list streams instead of piling up.
  function* diagnoses() {
    for (const item of input.items) {
      const d = diagnose(item, ctx);
      exitCode = Math.max(exitCode, exitCodeFor([d], strict));
      yield d;
    }
  }
  await writeDiagnoses(diagnoses(), ctx, outputOptions(flags, many, true), io, palette);
  return exitCode;
}
