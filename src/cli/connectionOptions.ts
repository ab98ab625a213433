/**
 * The flags of the commands that call Stripe. Only their definitions live here: the
 * program wiring imports this module at start-up, so opening a reader (src/cli/live.ts)
 * stays out of it.
 */
import type { Command } from 'commander';

export interface ConnectionFlags {
  apiKey?: string;
  apiBase?: string;
  stripeAccount?: string;
  timeout?: string;
  maxRetries?: string;
  projectName?: string;
}

export function addConnectionOptions(command: Command): Command {
  return command
    .option(
      '--api-key <key>',
      'secret (sk_) or restricted (rk_) key; prefer STRIPE_API_KEY, flags show in the process list',
    )
    .option(
      '--api-base <url>',
      'another API server: stripe-mock, a proxy (default STRIPE_API_BASE or https://api.stripe.com)',
    )
    .option('--stripe-account <acct_id>', 'act on a connected account (Connect)')
    .option('--timeout <seconds>', 'per-request timeout', '30')
    .option('--max-retries <n>', 'retries of a failed read (429, 5xx, network)', '3')
    .option(
      '--project-name <name>',
      'with no key given: the Stripe CLI profile whose test key to use (default STRIPE_PROJECT_NAME or default)',
    );
}
