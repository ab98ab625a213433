/**
 * A fake Stripe API on 127.0.0.1 for integration and end-to-end tests.
 *
 * It speaks real HTTP, so the real `stripe` SDK (`new Stripe(key, { host:
 * '127.0.0.1', port, protocol: 'http' })`) and the CLI
 * (`STRIPE_API_BASE=http://127.0.0.1:PORT`) talk to it exactly as they would
 * talk to api.stripe.com. It serves reads only, records every request, and can
 * be told to misbehave (latency, error statuses, hangs, resets, broken bodies).
 *
 * Only Node built-ins; nothing leaves the loopback interface.
 */
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { answer } from './fakeStripe/api.js';
import type { PreviewOverride } from './fakeStripe/billing.js';
import { authenticate, type Caller, type KeySpec } from './fakeStripe/auth.js';
import { StripeApiError, errorForStatus, requestLogUrl, type KeyMode } from './fakeStripe/errors.js';
import { FaultQueue, type Fault } from './fakeStripe/faults.js';
import type { Json } from './fakeStripe/json.js';
import { parseQuery, type ParsedQuery } from './fakeStripe/query.js';
import { Store } from './fakeStripe/store.js';
import { RandomFaults, type Misbehaviour, type RandomFaultOptions } from './fakeStripe/randomFaults.js';
import { RateLimits, type RateLimitOptions } from './fakeStripe/rateLimits.js';

export type { Fault, FaultKind } from './fakeStripe/faults.js';
export type { RandomFaultKind, RandomFaultOptions } from './fakeStripe/randomFaults.js';
export type { RateLimitOptions } from './fakeStripe/rateLimits.js';
export type { PreviewOverride } from './fakeStripe/billing.js';

/** The key accepted when a scenario names none. */
export const DEFAULT_KEY = 'sk_test_fake';

/** What stripe-node 23 pins; echoed when a client sends no Stripe-Version. */
const DEFAULT_API_VERSION = '2026-10-28.endive';

export interface Scenario {
  /**
   * Objects as raw Stripe JSON, with references as id strings
   * (promotion.coupon = 'SPRING25', discount.promotion_code = 'promo_1',
   * subscription.customer = 'cus_1'); `expand[]` resolves them. An object
   * written inline where Stripe holds a reference is stored in its own
   * collection and sent as its id, as Stripe would.
   * A deleted customer: { id, object: 'customer', deleted: true }.
   */
  promotionCodes?: object[];
  coupons?: object[];
  customers?: object[];
  charges?: object[];
  paymentIntents?: object[];
  invoices?: object[];
  subscriptions?: object[];
  /** Discounts referenced by id from `subscription.discounts` / `invoice.discounts`. */
  discounts?: object[];
  /** Prices, retrieved by id (`--price`); `product` is the product id. */
  prices?: object[];
  /** Checkout Sessions (`--for cs_…`), with `line_items` and `total_details.breakdown` stored whole. */
  checkoutSessions?: object[];
  /** Payment Links (`--for plink_…`), with `line_items` stored whole (returned when expanded). */
  paymentLinks?: object[];
  /** Subscription schedules (`--for sub_sched_…`), retrieve only; phase item prices are price ids (`phases.items.price` expands them). */
  subscriptionSchedules?: object[];
  /**
   * Events (`GET /v1/events`, `--history`), stored whole: `data.object` is kept as the event
   * carries it. Listed newest first, filtered by `type` (with `*`), `types[]` and `created`.
   */
  events?: object[];
  /**
   * Accepted keys. Default: { 'sk_test_fake': { mode: 'test' } }.
   * `permissions` makes a restricted key, e.g. ['promotion_codes:read', 'coupons:read'];
   * Stripe's own names ('rak_coupon_read') work too. Absent = full access.
   */
  keys?: Record<string, KeySpec>;
  /**
   * Ids that exist only in the other mode: looking them up answers Stripe's 404
   * "…; a similar object exists in live mode, but a test mode key was used to make this request."
   * Stored objects whose `livemode` differs from the key's mode behave the same way.
   */
  otherModeIds?: string[];
  /** Default 'acct_fake'. */
  accountId?: string;
  /** billing_portal.configuration objects, served by GET /v1/billing_portal/configurations. */
  portalConfigurations?: object[];
  /**
   * POST /v1/invoices/create_preview judges the code itself (test/support/fakeStripe/billing.ts);
   * `refuse` or `accept` stages Stripe's answer instead, e.g. a disagreement with promo-doctor.
   */
  invoicePreview?: PreviewOverride;
}

export interface RecordedRequest {
  method: string;
  /** Path without the query string. */
  path: string;
  /** Query parameters other than expand, by decoded name (`created[gt]`); repeats become arrays. */
  query: Record<string, string | string[]>;
  expand: string[];
  /** Lower-cased header names. */
  headers: Record<string, string | undefined>;
  startedAt: number;
  /** When the answer was fully written, or the connection dropped; undefined while unanswered. */
  endedAt?: number;
  status?: number;
  /** The Request-Id header the answer carried (an injected HTML page, as from a proxy, carries none). */
  requestId: string;
  /** The form body of a POST (only --ask-stripe sends one), once read. */
  body?: string;
}

export interface FakeStripe {
  url: string;
  port: number;
  requests: RecordedRequest[];
  /** Adds a fault; faults are matched in the order they were added. */
  inject(fault: Fault): void;
  /** Latency added to every request (default 0, or `latencyMs` at start). */
  setLatency(ms: number): void;
  /** Clears recorded requests and faults. */
  reset(): void;
  /** Calls `listener` with each request as it arrives (before it is answered); returns the unsubscribe. */
  observe(listener: (request: RecordedRequest) => void): () => void;
  /** Stops the server, ending hung and keep-alive connections too. */
  close(): Promise<void>;
  /**
   * Sequential round trips: the longest chain of requests each started after the one before it
   * was answered. Meaningful with some latency (tests use 100 ms): with none, two parallel
   * requests can be answered one after the other and count as two.
   */
  roundTrips(): number;
  /** Stripe's rate limits, when started with `rateLimit` (counts of refusals inside). */
  readonly rateLimits: RateLimits | null;
  /** Random faults, when started with `randomFaults` (counts by kind inside). */
  readonly randomFaults: RandomFaults | null;
}

export interface FakeStripeOptions {
  latencyMs?: number;
  /** Refuse requests over Stripe's per-endpoint (and optionally global) rate with a 429. */
  rateLimit?: RateLimitOptions;
  /** Misbehave at random, from a seed, at a given rate. */
  randomFaults?: RandomFaultOptions;
  /** Milliseconds, for the rate limits (default: the process clock). */
  clock?: () => number;
}

export async function startFakeStripe(scenario: Scenario, opts: FakeStripeOptions = {}): Promise<FakeStripe> {
  const fake = new FakeStripeServer(scenario, opts.latencyMs ?? 0, opts);
  await fake.listen();
  return fake;
}

const HTML_ERROR_PAGE = (status: number): string =>
  `<html>\r\n<head><title>${status} Bad Gateway</title></head>\r\n<body>\r\n<center><h1>${status} Bad Gateway</h1></center>\r\n</body>\r\n</html>\r\n`;

class FakeStripeServer implements FakeStripe {
  url = '';
  port = 0;
  readonly requests: RecordedRequest[] = [];

  private readonly store: Store;
  private readonly keys: Readonly<Record<string, KeySpec>>;
  private readonly accountId: string;
  private readonly portalConfigurations: readonly Json[];
  private readonly previewOverride: PreviewOverride | undefined;
  private readonly faults = new FaultQueue();
  private readonly http = createServer((request, response) => this.onRequest(request, response));
  private readonly sockets = new Set<Socket>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private requestCount = 0;
  private closing = false;
  private readonly listeners = new Set<(request: RecordedRequest) => void>();
  readonly rateLimits: RateLimits | null;
  readonly randomFaults: RandomFaults | null;

  constructor(
    scenario: Scenario,
    private latencyMs: number,
    options: FakeStripeOptions = {},
  ) {
    this.rateLimits = options.rateLimit ? new RateLimits(options.rateLimit, options.clock ?? now) : null;
    this.randomFaults = options.randomFaults ? new RandomFaults(options.randomFaults) : null;
    this.store = new Store(
      {
        promotionCodes: scenario.promotionCodes,
        coupons: scenario.coupons,
        customers: scenario.customers,
        charges: scenario.charges,
        paymentIntents: scenario.paymentIntents,
        invoices: scenario.invoices,
        subscriptions: scenario.subscriptions,
        discounts: scenario.discounts,
        prices: scenario.prices,
        checkoutSessions: scenario.checkoutSessions,
        paymentLinks: scenario.paymentLinks,
        subscriptionSchedules: scenario.subscriptionSchedules,
        events: scenario.events,
      },
      new Set(scenario.otherModeIds ?? []),
    );
    this.keys = scenario.keys ?? { [DEFAULT_KEY]: { mode: 'test' } };
    this.accountId = scenario.accountId ?? 'acct_fake';
    this.portalConfigurations = (scenario.portalConfigurations ?? []) as Json[];
    this.previewOverride = scenario.invoicePreview;
    this.http.on('connection', (socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
  }

  async listen(): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      this.http.once('error', reject);
      this.http.listen(0, '127.0.0.1', () => resolve());
    });
    this.port = (this.http.address() as AddressInfo).port;
    this.url = `http://127.0.0.1:${this.port}`;
  }

  inject = (fault: Fault): void => {
    this.faults.add(fault);
  };

  setLatency = (ms: number): void => {
    this.latencyMs = ms;
  };

  observe = (listener: (request: RecordedRequest) => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  reset = (): void => {
    this.requests.length = 0; // in place: callers may hold the array
    this.faults.clear();
  };

  close = async (): Promise<void> => {
    if (this.closing) return;
    this.closing = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    const closed = new Promise<void>((resolve) => this.http.close(() => resolve()));
    this.http.closeAllConnections();
    for (const socket of this.sockets) socket.destroy();
    await closed;
  };

  roundTrips = (): number => {
    // The longest chain of requests each sent after the previous one was answered: the client's
    // critical path. (Grouping overlapping intervals instead merged a second round trip into the
    // first whenever a slow sibling of the first was still open, and a busy machine did that.)
    const byStart = [...this.requests].sort((a, b) => a.startedAt - b.startedAt);
    const depth: number[] = [];
    for (const [i, request] of byStart.entries()) {
      let before = 0;
      for (let j = 0; j < i; j++) {
        const end = byStart[j]!.endedAt;
        if (end !== undefined && end <= request.startedAt) before = Math.max(before, depth[j]!);
      }
      depth.push(before + 1);
    }
    return Math.max(0, ...depth);
  };

  // ------------------------------------------------------------ request handling

  private onRequest(request: IncomingMessage, response: ServerResponse): void {
    // Only POST /v1/invoices/create_preview has a body worth reading; every other body is drained.
    const body = readBody(request);
    const method = request.method ?? 'GET';
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    const query = parseQuery(url.search);
    const record = this.record(method, url.pathname, query, request.headers);
    void body.then((text) => {
      if (text !== '') record.body = text;
    });
    this.trackCompletion(record, response);

    const injected = this.faults.take(method, url.pathname);
    // A rate limiter refuses at the door, before any work: answered at once.
    const limited = injected === undefined ? this.rateLimits?.check(method, url.pathname) : null;
    if (limited) {
      this.sendError(response, record, limited, undefined);
      return;
    }
    const drawn: Misbehaviour | null = injected === undefined ? (this.randomFaults?.draw(url.pathname) ?? null) : null;
    const fault = injected ?? (drawn !== null && 'fault' in drawn ? drawn.fault : undefined);
    const delay = this.latencyMs + (fault?.kind === 'latency' ? (fault.ms ?? 0) : 0);
    this.after(delay, () => {
      if (response.destroyed) return; // the client gave up while we were "slow"
      if (drawn !== null && 'error' in drawn) this.sendError(response, record, drawn.error, undefined);
      else if (fault === undefined || fault.kind === 'latency')
        void body.then((text) => this.respond(request, response, record, query, text));
      else this.misbehave(fault, response, record);
    });
  }

  private record(method: string, path: string, query: ParsedQuery, headers: IncomingHttpHeaders): RecordedRequest {
    this.requestCount += 1;
    const record: RecordedRequest = {
      method,
      path,
      query: query.flat,
      expand: query.expand,
      headers: flattenHeaders(headers),
      startedAt: now(),
      requestId: `req_fake${String(this.requestCount).padStart(10, '0')}`,
    };
    this.requests.push(record);
    for (const listener of this.listeners) listener(record);
    return record;
  }

  private trackCompletion(record: RecordedRequest, response: ServerResponse): void {
    const end = (): void => {
      record.endedAt ??= now();
      if (response.headersSent) record.status = response.statusCode;
    };
    response.on('finish', end);
    // A dropped connection (reset fault, client timeout) also ends the round trip,
    // but a request still hanging when the fake shuts down never got an answer.
    response.on('close', () => {
      if (!this.closing || response.writableFinished) end();
    });
  }

  private after(ms: number, action: () => void): void {
    if (ms <= 0) {
      action();
      return;
    }
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      action();
    }, ms);
    this.timers.add(timer);
  }

  private respond(
    request: IncomingMessage,
    response: ServerResponse,
    record: RecordedRequest,
    query: ParsedQuery,
    text: string,
  ): void {
    if (response.destroyed) return;
    let caller: Caller | undefined;
    try {
      caller = authenticate(request.headers.authorization, this.keys);
      const form = new Map(new URLSearchParams(text));
      const body = answer({ method: record.method, pathname: record.path, query, form }, caller, {
        store: this.store,
        accountId: this.accountId,
        portalConfigurations: this.portalConfigurations,
        previewOverride: this.previewOverride,
      });
      this.sendJson(response, record, 200, body);
    } catch (error) {
      const apiError =
        error instanceof StripeApiError
          ? error
          : new StripeApiError(500, { type: 'api_error', message: `fake-stripe internal error: ${String(error)}` });
      this.sendError(response, record, apiError, caller?.mode);
    }
  }

  private misbehave(fault: Fault, response: ServerResponse, record: RecordedRequest): void {
    const retryAfter: Record<string, string> =
      fault.retryAfter === undefined ? {} : { 'Retry-After': String(fault.retryAfter) };
    switch (fault.kind) {
      case 'status':
        this.sendError(response, record, errorForStatus(fault.status ?? 500), undefined, retryAfter);
        return;
      case 'html': {
        // A gateway page from in front of the API: HTML, and no Stripe Request-Id.
        const status = fault.status ?? 502;
        const page = HTML_ERROR_PAGE(status);
        response.writeHead(status, {
          'Content-Type': 'text/html',
          'Content-Length': Buffer.byteLength(page),
          ...retryAfter,
        });
        response.end(page);
        return;
      }
      case 'hang':
        return; // never answered; close() ends the connection
      case 'reset':
        // Promise a long body, send the start of it, then drop the connection.
        response.writeHead(200, { ...this.stripeHeaders(record), 'Content-Length': '4096' });
        response.write('{\n  "object": "list",\n  "data": [\n    {\n      "id": "promo_', () =>
          response.socket?.destroy(),
        );
        return;
      case 'malformed_json':
        this.sendRaw(response, record, 200, '{"id": "promo_');
        return;
      case 'empty_body':
        this.sendRaw(response, record, 200, '');
        return;
      case 'latency':
        return; // handled by the caller: answered normally after the delay
    }
  }

  private sendJson(
    response: ServerResponse,
    record: RecordedRequest,
    status: number,
    body: Json,
    extraHeaders: Record<string, string> = {},
  ): void {
    // Stripe pretty-prints its JSON with two-space indentation.
    this.sendRaw(response, record, status, `${JSON.stringify(body, null, 2)}\n`, extraHeaders);
  }

  private sendError(
    response: ServerResponse,
    record: RecordedRequest,
    error: StripeApiError,
    mode: KeyMode | undefined,
    extraHeaders: Record<string, string> = {},
  ): void {
    const logUrl =
      mode === undefined
        ? {}
        : { request_log_url: requestLogUrl(record.requestId, mode, Math.floor(record.startedAt / 1000)) };
    const body = { ...error.body, ...logUrl };
    this.sendJson(response, record, error.status, { error: body }, { ...error.headers, ...extraHeaders });
  }

  private sendRaw(
    response: ServerResponse,
    record: RecordedRequest,
    status: number,
    text: string,
    extraHeaders: Record<string, string> = {},
  ): void {
    response.writeHead(status, {
      ...this.stripeHeaders(record),
      'Content-Length': Buffer.byteLength(text),
      ...extraHeaders,
    });
    response.end(text);
  }

  private stripeHeaders(record: RecordedRequest): Record<string, string> {
    return {
      'Content-Type': 'application/json',
      'Cache-Control': 'no-cache, no-store',
      'Request-Id': record.requestId,
      'Stripe-Version': record.headers['stripe-version'] ?? DEFAULT_API_VERSION,
    };
  }
}

/** The request body as text (empty for a GET); a dropped connection yields what arrived. */
function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('close', () => resolve(Buffer.concat(chunks).toString('utf8')));
  });
}

function flattenHeaders(headers: IncomingHttpHeaders): Record<string, string | undefined> {
  const flat: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(headers)) flat[name] = Array.isArray(value) ? value.join(', ') : value;
  return flat;
}

/** Epoch milliseconds with sub-millisecond precision, so back-to-back requests do not look simultaneous. */
function now(): number {
  return performance.timeOrigin + performance.now();
}
