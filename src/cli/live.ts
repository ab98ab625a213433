/**
 * What the live commands share: opening the reader (this is what loads the SDK), the
 * pipeline of every single-object command (flags -> context -> reader -> diagnosis ->
 * output -> exit code; the command supplies only how to diagnose), and the lookup of the
 * redeeming customer (--customer).
 */
import { UsageError } from '../errors.js';
import { normalizeCustomerLink } from '../model/normalize.js';
import type { CustomerLink } from '../model/types.js';
import type { RedemptionContext } from '../rules/context.js';
import type { Diagnosis } from '../rules/diagnose.js';
import type { Palette } from '../render/palette.js';
import { createStripeClient } from '../stripe/client.js';
import { parseApiBase, parseMaxRetries, parseStripeAccount, parseTimeoutSeconds } from '../stripe/connection.js';
import { resolveApiKey } from '../stripe/key.js';
import type { RateLimiter } from '../stripe/rateLimit.js';
import { StripeReader } from '../stripe/reader.js';
import { retryPolicy } from '../stripe/retry.js';
import type { ConnectionFlags } from './connectionOptions.js';
import { contextFromFlags, type ContextFlags } from './contextOptions.js';
import { exitCodeFor } from './exitCode.js';
import type { Streams } from './io.js';
import { writeDiagnoses } from './output.js';

export interface ReaderEnvironment {
  readonly env: Record<string, string | undefined>;
  readonly version: string;
  readonly debug: ((line: string) => void) | null;
}

export async function openReader(flags: ConnectionFlags, environment: ReaderEnvironment, limiter?: RateLimiter): Promise<StripeReader> {
  const key = resolveApiKey(flags.apiKey, environment.env);
  const apiBase = parseApiBase(flags.apiBase ?? environment.env.STRIPE_API_BASE);
  const timeoutSeconds = parseTimeoutSeconds(flags.timeout);
  const maxRetries = parseMaxRetries(flags.maxRetries);
  const stripeAccount = parseStripeAccount(flags.stripeAccount);
  const client = await createStripeClient({ key, apiBase, stripeAccount, timeoutSeconds, version: environment.version, debug: environment.debug });
  const debug = environment.debug;
  const retry = retryPolicy(maxRetries, debug ? { onRetry: ({ attempt, delayMs, reason }) => debug(`retry ${attempt} in ${Math.round(delayMs)} ms: ${reason}`) } : {});
  return new StripeReader({ client, key, apiBase: apiBase.url, timeoutSeconds, retry, ...(limiter ? { limiter } : {}) });
}

export interface LiveRun {
  readonly flags: ContextFlags & ConnectionFlags & { json?: boolean };
  readonly io: Streams;
  readonly palette: Palette;
  readonly environment: ReaderEnvironment;
  readonly now: number;
}

/** A diagnosis with the context it was made in, when the command changed it (`--for`). */
export interface Evaluated {
  readonly diagnosis: Diagnosis;
  readonly ctx: RedemptionContext;
}

export async function runLive(run: LiveRun, diagnoseWith: (reader: StripeReader, ctx: RedemptionContext) => Promise<Diagnosis | Evaluated>): Promise<number> {
  const flagged = contextFromFlags(run.flags, run.now);
  const reader = await openReader(run.flags, run.environment);
  const result = await diagnoseWith(reader, flagged);
  const { diagnosis, ctx } = 'diagnosis' in result ? result : { diagnosis: result, ctx: flagged };
  await writeDiagnoses([diagnosis], ctx, { json: run.flags.json ?? false, many: false }, run.io, run.palette);
  return exitCodeFor([diagnosis], run.flags.strict ?? false);
}

/**
 * The redeeming customer, which must exist in the account (design §5: else bad input).
 * An Accounts v2 id (acct_…) is matched against `customer_account` restrictions only: it is
 * no customer object to read, so its history stays unknown and first-time stays conditional.
 */
export async function redeemingCustomer(reader: StripeReader, id: string | null): Promise<CustomerLink | null> {
  if (id === null || id.startsWith('acct_')) return null;
  const lookup = await reader.customer(id);
  if (lookup.status === 'found') return normalizeCustomerLink(lookup.object, 'customer');
  if (lookup.status === 'other_mode') {
    throw new UsageError(`--customer ${id} exists in ${lookup.mode} mode, but the key is a ${reader.keyMode} mode key.`);
  }
  throw new UsageError(`--customer ${id} does not exist in this account (${reader.keyMode} mode).`);
}
