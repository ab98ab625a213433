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
import { writeDiagnoses } from './output.js';

interface OutputFlags {
  json?: boolean;
}

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

export async function runExplain(file: string, flags: ContextFlags & OutputFlags, io: Streams & { readonly cwd: string }, palette: Palette, now: number): Promise<number> {
  const flagged = contextFromFlags(flags, now);
  const { text, source } = await readInput(file, io.stdin, io.cwd);
  const input = parseStripeText(text, source);
  // Offline, the wall clock says nothing about the data: flags are as of the event that
  // carried them, else as of the evaluation time. Same input and --at, same output.
  const ctx = { ...flagged, observed_at: input.observedAt ?? flagged.at };
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
  await writeDiagnoses(diagnoses(), ctx, { json: flags.json ?? false, many }, io, palette);
  return exitCode;
}
