/**
 * Flags of the commands that call Stripe, and the reader they open. This module is only
 * imported by those commands, and it loads the SDK only when a reader is opened.
 */
import type { Command } from 'commander';
import { createStripeClient } from '../stripe/client.js';
import { parseApiBase, parseMaxRetries, parseStripeAccount, parseTimeoutSeconds } from '../stripe/connection.js';
import { resolveApiKey } from '../stripe/key.js';
import type { RateLimiter } from '../stripe/rateLimit.js';
import { StripeReader } from '../stripe/reader.js';
import { retryPolicy } from '../stripe/retry.js';

export interface ConnectionFlags {
  apiKey?: string;
  apiBase?: string;
  stripeAccount?: string;
  timeout?: string;
  maxRetries?: string;
}

export function addConnectionOptions(command: Command): Command {
  return command
    .option('--api-key <key>', 'secret (sk_) or restricted (rk_) key; prefer STRIPE_API_KEY, flags show in the process list')
    .option('--api-base <url>', 'another API server: stripe-mock, a proxy (default STRIPE_API_BASE or https://api.stripe.com)')
    .option('--stripe-account <acct_id>', 'act on a connected account (Connect)')
    .option('--timeout <seconds>', 'per-request timeout', '30')
    .option('--max-retries <n>', 'retries of a failed read (429, 5xx, network)', '3');
}

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
