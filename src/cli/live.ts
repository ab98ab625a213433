/**
 * The pipeline every single-object live command shares: flags -> context -> reader ->
 * diagnosis -> output -> exit code. The command supplies only how to diagnose.
 */
import type { RedemptionContext } from '../rules/context.js';
import type { Diagnosis } from '../rules/diagnose.js';
import type { Palette } from '../render/palette.js';
import type { StripeReader } from '../stripe/reader.js';
import { openReader, type ConnectionFlags, type ReaderEnvironment } from './connectionOptions.js';
import { contextFromFlags, type ContextFlags } from './contextOptions.js';
import { exitCodeFor } from './exitCode.js';
import type { Streams } from './io.js';
import { writeDiagnoses } from './output.js';

export interface LiveRun {
  readonly flags: ContextFlags & ConnectionFlags & { json?: boolean };
  readonly io: Streams;
  readonly palette: Palette;
  readonly environment: ReaderEnvironment;
  readonly now: number;
}

export async function runLive(run: LiveRun, diagnoseWith: (reader: StripeReader, ctx: RedemptionContext) => Promise<Diagnosis>): Promise<number> {
  const ctx = contextFromFlags(run.flags, run.now);
  const reader = await openReader(run.flags, run.environment);
  const diagnosis = await diagnoseWith(reader, ctx);
  await writeDiagnoses([diagnosis], ctx, { json: run.flags.json ?? false, many: false }, run.io, run.palette);
  return exitCodeFor([diagnosis], run.flags.strict ?? false);
}
