/**
 * Connection settings from flags and environment: API base, account, timeout, retries.
 */
import { UsageError } from '../errors.js';
import { isStripeId } from '../format/ids.js';

export interface ApiBase {
  readonly protocol: 'http' | 'https';
  readonly host: string;
  readonly port: number;
  readonly url: string;
}

const STRIPE_API_BASE = 'https://api.stripe.com';

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

export function parseStripeAccount(text: string | undefined): string | null {
  if (text === undefined) return null;
  const id = text.trim();
  if (!isStripeId(id, 'acct_'))
    throw new UsageError(`--stripe-account "${text}" is not a connected account id such as acct_1032D82eZvKYlo2C.`);
  return id;
}

export function parseTimeoutSeconds(text: string | undefined): number {
  if (text === undefined) return 30;
  const value = Number(text);
  if (!/^\d+(\.\d+)?$/.test(text.trim()) || value <= 0 || value > 600) {
    throw new UsageError(`--timeout "${text}" is not a number of seconds between 0 and 600.`);
  }
  return value;
}

export function parseMaxRetries(text: string | undefined): number {
  if (text === undefined) return 3;
  if (!/^\d+$/.test(text.trim()) || Number(text) > 10)
    throw new UsageError(`--max-retries "${text}" is not a whole number from 0 to 10.`);
  return Number(text);
}
