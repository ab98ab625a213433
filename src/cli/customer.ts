/**
 * `promo-doctor customer <cus_id>`: flags -> the customer use case
 * (src/usecases/explainCustomer.ts) -> output -> exit code.
 */
import type { Palette } from '../render/palette.js';
import { diagnoseCustomerById } from '../usecases/explainCustomer.js';
import type { ConnectionFlags } from './connectionOptions.js';
import type { ContextFlags } from './contextOptions.js';
import { runLive, type ReaderEnvironment } from './live.js';
import type { Streams } from './io.js';
import type { OutputFlags } from './output.js';
import { parseCustomerTarget } from './validate.js';

export type CustomerFlags = Pick<ContextFlags, 'at' | 'warnWithin' | 'strict'> &
  ConnectionFlags &
  OutputFlags & { history?: boolean };

export function runCustomer(
  idText: string,
  flags: CustomerFlags,
  io: Streams,
  palette: Palette,
  environment: ReaderEnvironment,
  now: number,
): Promise<number> {
  const id = parseCustomerTarget(idText);
  return runLive({ flags, io, palette, environment, now }, (reader, ctx) =>
    diagnoseCustomerById(reader, id, ctx, { history: flags.history === true }),
  );
}
