/**
 * What the live commands share: opening the reader (this is what loads the SDK), the
 * pipeline of every single-object command (flags -> context -> reader -> diagnosis ->
 * output -> exit code; the command supplies only how to diagnose through its use case in
 * src/usecases/).
 */
import { UsageError } from '../errors.js';
import type { RedemptionContext } from '../rules/context.js';
import type { Diagnosis } from '../rules/diagnose.js';
import type { Palette } from '../render/palette.js';
import { createStripeClient } from '../stripe/client.js';
import { resolveApiKeyOrLogin } from '../stripe/key.js';
import type { Pacer } from '../stripe/pacer.js';
import { StripeReader } from '../stripe/reader.js';
import { retryPolicy } from '../stripe/retry.js';
import type { Clock } from '../clock.js';
import { type ConnectionFlags, connectionSettings, keySettings } from './connectionOptions.js';
import { contextFromFlags, type ContextFlags } from './contextOptions.js';
import { parsePriceId, splitList } from './validate.js';
import { exitCodeFor } from './exitCode.js';
import type { Streams } from './io.js';
import { outputOptions, writeDiagnoses, type OutputFlags } from './output.js';
import { withProducts, type Evaluated } from '../usecases/evaluated.js';

export interface ReaderEnvironment {
  readonly env: Record<string, string | undefined>;
  readonly version: string;
  readonly debug: ((line: string) => void) | null;
  readonly clock: Clock;
}

export async function openReader(
  flags: ConnectionFlags,
  environment: ReaderEnvironment,
  pacer?: Pacer,
): Promise<StripeReader> {
  const key = await resolveApiKeyOrLogin(keySettings(flags, environment.env, environment.clock.now()));
  const { apiBase, timeoutSeconds, maxRetries, stripeAccount } = connectionSettings(flags, environment.env);
  const abortController = new AbortController();
  const client = await createStripeClient({
    signal: abortController.signal,
    key,
    apiBase,
    stripeAccount,
    timeoutSeconds,
    version: environment.version,
    debug: environment.debug,
  });
  const debug = environment.debug;
  const retry = retryPolicy(maxRetries, environment.clock, {
    signal: abortController.signal,
    ...(debug
      ? { onRetry: ({ attempt, delayMs, reason }) => debug(`retry ${attempt} in ${Math.round(delayMs)} ms: ${reason}`) }
      : {}),
  });
  return new StripeReader({
    client,
    key,
    apiBase: apiBase.url,
    timeoutSeconds,
    retry,
    abortController,
    ...(pacer ? { pacer } : {}),
  });
}

export interface LiveRun {
  readonly flags: ContextFlags & ConnectionFlags & OutputFlags;
  readonly io: Streams;
  readonly palette: Palette;
  readonly environment: ReaderEnvironment;
  readonly now: number;
}

/**
 * How a live command diagnoses: `products` are those of `--price`, read while it reads the
 * rest. It returns the context it diagnosed in when that is not the flags' (`--for`).
 */
type DiagnoseWith = (
  reader: StripeReader,
  ctx: RedemptionContext,
  products: Promise<readonly string[]>,
) => Promise<Diagnosis | Evaluated>;

export async function runLive(run: LiveRun, diagnoseWith: DiagnoseWith): Promise<number> {
  // Bad flags are refused before any request is sent.
  const output = outputOptions(run.flags, false, false);
  const flagged = contextFromFlags(run.flags, run.now);
  const prices = (run.flags.price ?? []).flatMap(splitList).map(parsePriceId);
  const reader = await openReader(run.flags, run.environment);
  // Started first, so the price reads share the first round trip with the command's own.
  const products = priceProducts(reader, prices);
  // If the diagnosis fails first, a failed price read must not surface later as an unhandled rejection.
  products.catch(() => undefined);
  const result = await diagnoseWith(reader, flagged, products);
  const { diagnosis, ctx } =
    'diagnosis' in result ? result : { diagnosis: result, ctx: withProducts(flagged, await products) };
  await writeDiagnoses([diagnosis], ctx, output, run.io, run.palette);
  return exitCodeFor([diagnosis], run.flags.strict ?? false);
}

/**
 * The product of each `--price`, read in parallel. `product` is an id unless expanded
 * (https://docs.stripe.com/api/prices/object#price_object-product).
 */
export async function priceProducts(reader: StripeReader, ids: readonly string[]): Promise<string[]> {
  const lookups = await Promise.all(ids.map((id) => reader.price(id)));
  return lookups.map((lookup, i) => {
    const id = ids[i]!;
    if (lookup.status === 'other_mode')
      throw new UsageError(`--price ${id} exists in ${lookup.mode} mode, but the key is a ${reader.keyMode} mode key.`);
    if (lookup.status === 'not_found')
      throw new UsageError(`--price ${id} does not exist in this account (${reader.keyMode} mode).`);
    const product = lookup.object.product;
    if (typeof product === 'string') return product;
    if (typeof product === 'object' && product !== null && typeof (product as { id?: unknown }).id === 'string')
      return (product as { id: string }).id;
    throw new UsageError(`--price ${id} has no product in Stripe's answer.`);
  });
}
