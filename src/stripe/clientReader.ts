/**
 * A reader over a Stripe client that an application already has (the library's
 * 'promo-doctor/stripe'), with the CLI's retries. Such a client does not reveal its key, so
 * messages name "the Stripe client" and the key's mode is learnt from Stripe's answers only.
 */
import { systemClock, type Clock } from '../clock.js';
import type { StripeClient } from './client.js';
import { StripeReader } from './reader.js';
import { retryPolicy } from './retry.js';

export interface ClientReaderOptions {
  /** Retries of a read that failed with 429, 409, 5xx or a network error. Default 3, as the CLI's --max-retries. */
  readonly maxRetries?: number;
  /** For tests: the clock that back-off waits on. */
  readonly clock?: Clock;
}

/** stripe-node keeps its settings behind getApiField (not in its types): read what error messages show. */
function apiField(client: StripeClient, name: string): unknown {
  const get = (client as unknown as { getApiField?: (key: string) => unknown }).getApiField;
  return typeof get === 'function' ? get.call(client, name) : undefined;
}

export function clientReader(client: StripeClient, options: ClientReaderOptions = {}): StripeReader {
  const host = apiField(client, 'host');
  const protocol = apiField(client, 'protocol');
  const port = apiField(client, 'port');
  const timeout = apiField(client, 'timeout');
  const apiBase =
    typeof host === 'string'
      ? `${typeof protocol === 'string' ? protocol : 'https'}://${host}${port !== undefined && port !== null && String(port) !== '443' ? `:${String(port)}` : ''}`
      : 'https://api.stripe.com';
  const maxRetries = options.maxRetries ?? 3;
  return new StripeReader({
    client,
    key: { source: 'the Stripe client', kind: null, mode: null },
    apiBase,
    // stripe-node's default timeout is 80 s (https://github.com/stripe/stripe-node#configuration).
    timeoutSeconds: typeof timeout === 'number' ? timeout / 1000 : 80,
    retry: retryPolicy(maxRetries, options.clock ?? systemClock),
    settings: { timeout: "the Stripe client's timeout", apiBase: "the Stripe client's host and port" },
  });
}
