/**
 * `promo-doctor explain <file|->`: offline diagnosis of Stripe JSON, no API key needed.
 */
import type { Diagnosable } from '../model/types.js';
import type { ParsedInput } from '../model/input.js';
import { oneLine } from '../format/text.js';
import type { RedemptionContext } from '../rules/context.js';
import {
  diagnoseCoupon,
  diagnoseCustomer,
  diagnoseDeletedCustomer,
  diagnosePromotionCode,
  diagnoseStandaloneDiscount,
  diagnoseFailedRequest,
  diagnoseOrder,
  diagnoseStripeError,
  diagnoseSubscription,
  type Diagnosis,
} from '../rules/diagnose.js';
import type { Palette } from '../render/palette.js';
import { contextFromFlags, type ContextFlags } from './contextOptions.js';
import { EXIT, exitCodeFor } from './exitCode.js';
import { readExplainInput } from './explainInput.js';
import { openInput, write, type Streams } from './io.js';
import { renderOne } from './output.js';
import { requestContext } from './requestContext.js';

export interface OutputFlags {
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
    case 'stripe_error':
      return diagnoseStripeError(item, ctx);
    case 'failed_request':
      return diagnoseFailedRequest(item, ctx);
    case 'checkout_session':
    case 'invoice':
      return diagnoseOrder(item, ctx);
    case 'deleted_object':
      return item.object === 'coupon'
        ? diagnoseCoupon({ kind: 'deleted', id: item.id }, ctx)
        : diagnoseDeletedCustomer(item.id, ctx);
  }
}

export async function runExplain(file: string, flags: ContextFlags & OutputFlags, io: Streams, palette: Palette, now: number): Promise<number> {
  const flagged = contextFromFlags(flags, now);
  const input = await readExplainInput(await openInput(file, io.stdin));
  const options = { json: flags.json ?? false, many: input.many };
  const strict = flags.strict ?? false;
  let exitCode = 0;
  let written = 0;
  let bad = false;
  let skipped = false;
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
    // Offline, the wall clock says nothing about the data: flags are as of the event that
    // carried them, else as of the evaluation time. Same input and --at, same output.
    const ctx = { ...flagged, observed_at: parsed.observedAt ?? flagged.at };
    // One item at a time, each written (and flushed) before the next is diagnosed.
    for (const item of parsed.items) {
      const itemCtx = item.kind === 'failed_request' ? requestContext(item, ctx, flags) : ctx;
      const d = diagnose(item, itemCtx);
      exitCode = Math.max(exitCode, exitCodeFor([d], strict));
      await write(io.stdout, renderOne(d, written++, itemCtx, options, palette));
    }
  }
  if (written === 0 && !bad && !skipped && !options.json) await write(io.stdout, 'Nothing to diagnose: the list is empty.\n');
  return bad ? EXIT.usage : exitCode;
}

function skippedText(s: NonNullable<ParsedInput['skipped']>): string {
  const event = [s.event, s.type && `(${s.type})`].filter(Boolean).join(' ');
  return `event ${event || 'without an id'}: a "${oneLine(s.object).slice(0, 40)}" is nothing promo-doctor explains`;
}
