/**
 * `promo-doctor coupon <coupon_id>`: flags -> the coupon use case (src/usecases/checkCoupon.ts)
 * -> output -> exit code.
 */
import type { Palette } from '../render/palette.js';
import { diagnoseCouponFor } from '../usecases/checkCoupon.js';
import type { CheckFlags } from './check.js';
import { parseForId } from './forContext.js';
import { runLive, type ReaderEnvironment } from './live.js';
import type { Streams } from './io.js';
import { parseCouponId } from './validate.js';

export function runCoupon(
  idText: string,
  flags: CheckFlags,
  io: Streams,
  palette: Palette,
  environment: ReaderEnvironment,
  now: number,
): Promise<number> {
  const id = parseCouponId(idText);
  const forTarget = flags.for === undefined ? null : parseForId(flags.for);
  return runLive({ flags, io, palette, environment, now }, (reader, ctx, products) =>
    diagnoseCouponFor(reader, id, ctx, forTarget, flags, products, { history: flags.history === true }),
  );
}
