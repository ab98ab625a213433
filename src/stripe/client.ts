/**
 * The Stripe client factory. The SDK is imported here, dynamically, so that commands that
 * need no API (--help, --version, reasons, explain) never pay for loading it.
 */
import type Stripe from 'stripe';
import type { ApiBase } from './connection.js';
import { boundedHttpClient, type SetTimer } from './httpClient.js';
import { maskKey, type ApiKey } from './key.js';

interface ClientConfig {
  readonly key: ApiKey;
  readonly apiBase: ApiBase;
  readonly stripeAccount: string | null;
  readonly timeoutSeconds: number;
  readonly version: string;
  /** Where --debug lines go; null when not debugging. */
  readonly debug: ((line: string) => void) | null;
  /** Fires when the run stops (a signal during an audit): requests in flight are abandoned. */
  readonly signal?: AbortSignal;
  /** The timer of each request's deadline; real time by default (src/stripe/httpClient.ts). */
  readonly setTimer?: SetTimer;
}

export type StripeClient = Stripe;

/** The fields of stripe-node's ResponseEvent that --debug prints (the SDK does not export the type). */
interface DebugResponseEvent {
  method?: string;
  path?: string;
  status?: number;
  request_id?: string;
  elapsed: number;
}

export async function createStripeClient(config: ClientConfig): Promise<StripeClient> {
  const { default: StripeSdk } = await import('stripe');
  const client = new StripeSdk(config.key.value, {
    host: config.apiBase.host,
    port: config.apiBase.port,
    protocol: config.apiBase.protocol,
    // A deadline for the whole response, body included, and a bound on the body's size
    // (src/stripe/httpClient.ts): the SDK's own timeout restarts at every byte.
    timeout: config.timeoutSeconds * 1000,
    httpClient: boundedHttpClient(StripeSdk, {
      ...(config.signal ? { signal: config.signal } : {}),
      ...(config.setTimer ? { setTimer: config.setTimer } : {}),
    }),
    // Retries are ours (src/stripe/retry.ts): the SDK does not retry 429 nor honour Retry-After.
    maxNetworkRetries: 0,
    telemetry: false,
    appInfo: { name: 'promo-doctor', version: config.version },
    ...(config.stripeAccount ? { stripeAccount: config.stripeAccount } : {}),
  });
  const debug = config.debug;
  if (debug) {
    debug(
      `using the ${config.key.kind} ${config.key.mode} mode key ${maskKey(config.key.value)} from ${config.key.source}${config.key.file ? ` (${config.key.file})` : ''}, API ${config.apiBase.url}`,
    );
    client.on('response', (event: DebugResponseEvent) => {
      debug(
        `${event.method} ${event.path} -> ${event.status} in ${event.elapsed} ms${event.request_id ? ` (${event.request_id})` : ''}`,
      );
    });
  }
  return client;
}
