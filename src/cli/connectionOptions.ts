/**
 * The flags of the commands that call Stripe, and their reading into the typed settings
 * src/stripe takes (src/stripe/connection.ts, src/stripe/key.ts). The program wiring imports
 * this module at start-up, so opening a reader (src/cli/live.ts) stays out of it.
 */
import type { Command } from 'commander';
import { UsageError } from '../errors.js';
import { isStripeId } from '../format/ids.js';
import {
  type ApiBase,
  type ConnectionSettings,
  DEFAULT_MAX_RETRIES,
  DEFAULT_TIMEOUT_SECONDS,
  STRIPE_API_BASE,
} from '../stripe/connection.js';
import { type GivenKey, type KeySettings, stripeCliConfigPath } from '../stripe/key.js';

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
    .option('--timeout <seconds>', 'per-request timeout', String(DEFAULT_TIMEOUT_SECONDS))
    .option('--max-retries <n>', 'retries of a failed read (429, 5xx, network)', String(DEFAULT_MAX_RETRIES))
    .option(
      '--project-name <name>',
      'with no key given: the Stripe CLI profile whose test key to use (default STRIPE_PROJECT_NAME or default)',
    );
}

type Env = Record<string, string | undefined>;

/** The connection flags, with STRIPE_API_BASE, as settings. */
export function connectionSettings(flags: ConnectionFlags, env: Env): ConnectionSettings {
  return {
    apiBase: parseApiBase(flags.apiBase ?? env.STRIPE_API_BASE),
    timeoutSeconds: parseTimeoutSeconds(flags.timeout),
    maxRetries: parseMaxRetries(flags.maxRetries),
    stripeAccount: parseStripeAccount(flags.stripeAccount),
  };
}

/** --api-key, STRIPE_API_KEY or STRIPE_SECRET_KEY, in that order; without one, the `stripe login` to read. */
export function keySettings(flags: ConnectionFlags, env: Env, now: number): KeySettings {
  if (flags.apiKey !== undefined && flags.apiKey.trim() === '')
    throw new UsageError('--api-key is empty: give a key, or leave the flag out and set STRIPE_API_KEY.');
  const candidates: Array<[GivenKey['source'], string | undefined]> = [
    ['--api-key', flags.apiKey],
    ['STRIPE_API_KEY', env.STRIPE_API_KEY],
    ['STRIPE_SECRET_KEY', env.STRIPE_SECRET_KEY],
  ];
  const found = candidates.find(([, value]) => value !== undefined && value.trim() !== '');
  return {
    given: found ? { source: found[0], value: found[1]! } : null,
    login: () => ({ profile: profileName(flags.projectName, env), file: stripeCliConfigPath(env), now }),
  };
}

function profileName(flag: string | undefined, env: Env): string {
  const given = (
    [
      ['--project-name', flag],
      ['STRIPE_PROJECT_NAME', env.STRIPE_PROJECT_NAME],
    ] as const
  ).find(([, value]) => value !== undefined && value.trim() !== '');
  if (!given) return 'default';
  const name = given[1]!.trim();
  if (!/^[A-Za-z0-9_-]{1,100}$/.test(name))
    throw new UsageError(
      `${given[0]} "${name}" is not a Stripe CLI profile name (letters, digits, dashes and underscores).`,
    );
  return name;
}

/** `--api-base` / `STRIPE_API_BASE`: scheme, host and port only (stripe-mock: http://localhost:12111). */
export function parseApiBase(text: string | undefined): ApiBase {
  const raw = (text ?? STRIPE_API_BASE).trim();
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new UsageError(`--api-base "${raw}" is not a URL such as https://api.stripe.com or http://localhost:12111.`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new UsageError(`--api-base "${raw}" must start with http:// or https://.`);
  }
  if (url.pathname !== '/' && url.pathname !== '') {
    throw new UsageError(`--api-base "${raw}" must not have a path: give scheme, host and port only.`);
  }
  const protocol = url.protocol === 'http:' ? 'http' : 'https';
  const port = url.port ? Number(url.port) : protocol === 'http' ? 80 : 443;
  // URL keeps IPv6 hosts in brackets; the SDK wants the bare address.
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  return { protocol, host, port, url: `${protocol}://${url.host}` };
}

function parseStripeAccount(text: string | undefined): string | null {
  if (text === undefined) return null;
  const id = text.trim();
  if (!isStripeId(id, 'acct_'))
    throw new UsageError(`--stripe-account "${text}" is not a connected account id such as acct_1032D82eZvKYlo2C.`);
  return id;
}

function parseTimeoutSeconds(text: string | undefined): number {
  if (text === undefined) return DEFAULT_TIMEOUT_SECONDS;
  const value = Number(text);
  if (!/^\d+(\.\d+)?$/.test(text.trim()) || value <= 0 || value > 600) {
    throw new UsageError(`--timeout "${text}" is not a number of seconds between 0 and 600.`);
  }
  return value;
}

function parseMaxRetries(text: string | undefined): number {
  if (text === undefined) return DEFAULT_MAX_RETRIES;
  if (!/^\d+$/.test(text.trim()) || Number(text) > 10)
    throw new UsageError(`--max-retries "${text}" is not a whole number from 0 to 10.`);
  return Number(text);
}
