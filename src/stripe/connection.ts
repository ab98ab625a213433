/**
 * Connection settings, as typed values: the API base, the connected account, the timeout and
 * the retries. src/cli reads them from flags and environment (src/cli/connectionOptions.ts).
 */

export interface ApiBase {
  readonly protocol: 'http' | 'https';
  readonly host: string;
  readonly port: number;
  readonly url: string;
}

export interface ConnectionSettings {
  readonly apiBase: ApiBase;
  /** A connected account to act on (Connect), or null for the key's own account. */
  readonly stripeAccount: string | null;
  readonly timeoutSeconds: number;
  /** Retries of a failed read (429, 5xx, network). */
  readonly maxRetries: number;
}

export const STRIPE_API_BASE = 'https://api.stripe.com';
export const DEFAULT_TIMEOUT_SECONDS = 30;
export const DEFAULT_MAX_RETRIES = 3;
