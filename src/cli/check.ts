/**
 * `promo-doctor check <promo_id|code>`: flags -> the check use case
 * (src/usecases/checkPromotionCode.ts) -> output -> exit code.
 */
import type { Palette } from '../render/palette.js';
import { diagnoseCheckFor } from '../usecases/checkPromotionCode.js';
import type { ConnectionFlags } from './connectionOptions.js';
import type { ContextFlags } from './contextOptions.js';
import { parseForId } from './forContext.js';
import { runLive, type ReaderEnvironment } from './live.js';
import type { Streams } from './io.js';
import type { OutputFlags } from './output.js';
import { withStripeVerdict } from './stripeCrossCheck.js';
import { parseCheckTarget } from './validate.js';

export type CheckFlags = ContextFlags &
  ConnectionFlags &
  OutputFlags & { for?: string; askStripe?: boolean; history?: boolean };

export function runCheck(
  targetText: string,
  flags: CheckFlags,
  io: Streams,
  palette: Palette,
  environment: ReaderEnvironment,
  now: number,
): Promise<number> {
  // Validate everything offline first: bad input never costs a request.
  parseCheckTarget(targetText);
  const forTarget = flags.for === undefined ? null : parseForId(flags.for);
  return runLive({ flags, io, palette, environment, now }, async (reader, ctx, products) => {
    const evaluated = await diagnoseCheckFor(reader, targetText, ctx, forTarget, flags, products, {
      history: flags.history === true,
    });
    if (!flags.askStripe) return evaluated;
    // Stripe is asked about the redemption as judged: with the products of --price and the --for object.
    return {
      ...evaluated,
      diagnosis: await withStripeVerdict(reader, evaluated.diagnosis, evaluated.ctx, environment.debug, io),
    };
  });
}
