/**
 * The HTTP client the CLI gives stripe-node (its `httpClient` setting), for two bounds the
 * SDK's own Node client does not keep (issue 18, defects 6 and 11):
 *
 * - **A deadline for the whole response.** stripe-node's `timeout` is Node's socket idle
 *   timeout (`req.setTimeout`, node_modules/stripe/esm/net/NodeHttpClient.js, stripe-node
 *   23): it restarts at every byte, so a server that trickles one byte a second never times
 *   out. Here `timeout` is a deadline from the request's start to the body's last byte; when
 *   it passes, the request and the response are destroyed with the SDK's own timeout error
 *   (`HttpClient.makeTimeoutError()`), which the SDK reports as a StripeConnectionError
 *   "Request aborted due to timeout being reached" (RequestSender._generateConnectionError),
 *   and src/stripe/errors.ts as "did not answer within N s (--timeout)". Sure: read from the
 *   installed SDK's source.
 * - **A bound on the body.** A body over `maxBodyBytes` (declared by Content-Length, or
 *   counted as it arrives) is destroyed at once with RESPONSE_TOO_LARGE, instead of being held
 *   whole (a 300 MB body held 748 MB of memory before it failed as JSON).
 *
 * And **abort**: when `signal` fires (SIGINT or SIGTERM during an audit) every request in
 * flight is destroyed at once with ABORTED, whatever the network does.
 *
 * The request itself is made as stripe-node makes it (keep-alive agents, the same cipher
 * list), so nothing else changes.
 */
import http from 'node:http';
import https from 'node:https';
import type Stripe from 'stripe';
import { ABORTED, MAX_RESPONSE_BYTES, RESPONSE_TOO_LARGE } from './httpLimits.js';

export { ABORTED, MAX_RESPONSE_BYTES, RESPONSE_TOO_LARGE };

/** Starts a timer; returns the function that cancels it. */
export type SetTimer = (ms: number, fire: () => void) => () => void;

export const realTimer: SetTimer = (ms, fire) => {
  const timer = setTimeout(fire, ms);
  return () => clearTimeout(timer);
};

export interface BoundedHttpOptions {
  readonly maxBodyBytes?: number;
  /** Fires when the run stops: every request in flight is destroyed. */
  readonly signal?: AbortSignal;
  /** The deadline's timer (real time by default; tests fire it themselves). */
  readonly setTimer?: SetTimer;
}

const httpAgent = new http.Agent({ keepAlive: true });
const httpsAgent = new https.Agent({ keepAlive: true });

function coded(message: string, code: string): Error & { code: string } {
  return Object.assign(new Error(message), { code });
}

type SdkClass = typeof Stripe;
type HttpClientBase = InstanceType<SdkClass['HttpClient']>;

/** `Sdk` is the `stripe` module's default export, loaded by src/stripe/client.ts. */
export function boundedHttpClient(Sdk: SdkClass, options: BoundedHttpOptions = {}): HttpClientBase {
  // The SDK's classes, typed only as far as they are used: the methods below replace theirs.
  const Base = Sdk.HttpClient as unknown as (new () => object) & {
    makeTimeoutError(): Error;
    makeResponseBodyError?: (error: unknown) => Error;
  };
  const ResponseBase = Sdk.HttpClientResponse as unknown as new (
    statusCode: number,
    headers: Record<string, string>,
  ) => object;
  const maxBodyBytes = options.maxBodyBytes ?? MAX_RESPONSE_BYTES;
  const setTimer = options.setTimer ?? realTimer;
  // stripe-node 23 turns a body error into a StripeConnectionError keeping its code; older
  // versions see the error as it is.
  const bodyError = (error: unknown): unknown => Base.makeResponseBodyError?.(error) ?? error;

  const tooLarge = () => coded(`the response is larger than ${maxBodyBytes / 1024 / 1024} MiB`, RESPONSE_TOO_LARGE);

  class BoundedResponse extends ResponseBase {
    constructor(
      private readonly res: http.IncomingMessage,
      private readonly failure: () => Error | null,
      private readonly kill: (error: Error) => void,
      private readonly done: () => void,
    ) {
      super(res.statusCode ?? 0, (res.headers ?? {}) as Record<string, string>);
    }

    getRawResponse(): unknown {
      return this.res;
    }

    toStream(streamCompleteCallback: () => void): unknown {
      this.res.once('end', () => {
        this.done();
        streamCompleteCallback();
      });
      return this.res;
    }

    toJSON(): Promise<unknown> {
      return new Promise((resolve, reject) => {
        const chunks: Buffer[] = [];
        const fail = (error: unknown) => {
          this.done();
          reject(bodyError(this.failure() ?? error));
        };
        // Destroyed before the SDK asked for the body (a declared length over the bound).
        if (this.failure() !== null || this.res.destroyed) {
          fail(coded('the connection closed before the body was read', 'ECONNRESET'));
          return;
        }
        let bytes = 0;
        this.res.on('data', (chunk: Buffer) => {
          bytes += chunk.length;
          if (bytes > maxBodyBytes) this.kill(tooLarge());
          else chunks.push(chunk);
        });
        this.res.once('error', fail);
        this.res.once('close', () => {
          if (!this.res.complete) fail(coded('the connection closed before the body ended', 'ECONNRESET'));
        });
        this.res.once('end', () => {
          this.done();
          // One decode of the whole body: linear in its size.
          const body = Buffer.concat(chunks).toString('utf8');
          try {
            resolve(JSON.parse(body));
          } catch (error) {
            if (error instanceof Error) (error as Error & { rawBody?: string }).rawBody = body.slice(0, 1000);
            reject(error);
          }
        });
      });
    }
  }

  class BoundedClient extends Base {
    getClientName(): string {
      return 'node';
    }

    makeRequest(
      host: string,
      port: string,
      path: string,
      method: string,
      headers: Record<string, string>,
      requestData: string | null,
      protocol: string,
      timeout: number,
    ): Promise<object> {
      return new Promise((resolve, reject) => {
        const signal = options.signal;
        if (signal?.aborted) {
          reject(coded('the run is stopping', ABORTED));
          return;
        }
        const insecure = protocol === 'http';
        const req = (insecure ? http : https).request({
          host,
          port,
          path,
          method,
          agent: insecure ? httpAgent : httpsAgent,
          headers,
          ciphers: 'DEFAULT:!aNULL:!eNULL:!LOW:!EXPORT:!SSLv2:!MD5',
        });
        let res: http.IncomingMessage | null = null;
        let failure: Error | null = null;
        const kill = (error: Error) => {
          if (failure !== null) return;
          failure = error;
          req.destroy(error);
          res?.destroy(error);
        };
        const cancelTimer = setTimer(timeout, () => kill(Base.makeTimeoutError()));
        const onAbort = () => kill(coded('the run is stopping', ABORTED));
        signal?.addEventListener('abort', onAbort, { once: true });
        let cleaned = false;
        const done = () => {
          if (cleaned) return;
          cleaned = true;
          cancelTimer();
          signal?.removeEventListener('abort', onAbort);
        };
        req.on('response', (response) => {
          res = response;
          // A declared length over the bound is refused before a byte of the body is read.
          const declared = Number(response.headers['content-length']);
          if (Number.isFinite(declared) && declared > maxBodyBytes) kill(tooLarge());
          resolve(new BoundedResponse(response, () => failure, kill, done));
        });
        req.on('error', (error) => {
          done();
          reject(failure ?? error);
        });
        if (requestData) req.write(requestData);
        req.end();
      });
    }
  }

  return new BoundedClient() as unknown as HttpClientBase;
}
