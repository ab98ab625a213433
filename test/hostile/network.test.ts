/**
 * Issue 18, defects 6 and 11 (the network half): a deadline for the whole response of each
 * request (a server that trickles a byte at a time cannot hold a run past --timeout), SIGINT
 * and SIGTERM abandon an audit's requests in flight at once, and a response body over the
 * bound is refused as it arrives instead of being held whole.
 *
 * The servers are real, on 127.0.0.1. Where a wait matters the deadline's timer is injected
 * and fired by the test, and what is asserted is that the request ended through it.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createStripeClient } from '../../src/stripe/client.js';
import { MAX_RESPONSE_BYTES } from '../../src/stripe/httpLimits.js';
import type { SetTimer } from '../../src/stripe/httpClient.js';
import { parseApiBase } from '../../src/cli/connectionOptions.js';
import { signalSource } from '../helpers/cli.js';
import { KEY } from '../helpers/keys.js';
import { runAgainst } from '../helpers/liveStripe.js';

interface Loopback {
  readonly url: string;
  /** Requests received so far. */
  readonly requests: IncomingMessage[];
  /** Resolves at the next request. */
  nextRequest(): Promise<IncomingMessage>;
  /** Connections the client closed before the server ended the response. */
  readonly abandoned: number;
  close(): Promise<void>;
}

const servers: Loopback[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function loopback(handle: (req: IncomingMessage, res: ServerResponse) => void): Promise<Loopback> {
  const requests: IncomingMessage[] = [];
  const waiting: Array<(req: IncomingMessage) => void> = [];
  let abandoned = 0;
  const server: Server = createServer((req, res) => {
    requests.push(req);
    for (const wake of waiting.splice(0)) wake(req);
    res.on('close', () => {
      if (!res.writableFinished) abandoned++;
    });
    handle(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const handleObj: Loopback = {
    url: `http://127.0.0.1:${port}`,
    requests,
    nextRequest: () => new Promise((resolve) => waiting.push(resolve)),
    get abandoned() {
      return abandoned;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  servers.push(handleObj);
  return handleObj;
}

/** Headers at once, then one byte of JSON every 50 ms, for ever: never idle, never done. */
function trickle(_req: IncomingMessage, res: ServerResponse): void {
  res.writeHead(200, { 'content-type': 'application/json', 'request-id': 'req_trickle' });
  res.write('{');
  const timer = setInterval(() => res.write(' '), 50);
  res.on('close', () => clearInterval(timer));
}

describe('a deadline for the whole response', () => {
  it('a trickling body ends when the deadline fires, as a timeout (injected timer)', async () => {
    const server = await loopback(trickle);
    const timers: Array<{ ms: number; fire: () => void; cancelled: boolean }> = [];
    const setTimer: SetTimer = (ms, fire) => {
      const timer = { ms, fire, cancelled: false };
      timers.push(timer);
      return () => {
        timer.cancelled = true;
      };
    };
    const client = await createStripeClient({
      key: { value: KEY, kind: 'secret', mode: 'test', source: 'the test' } as never,
      apiBase: parseApiBase(server.url),
      stripeAccount: null,
      timeoutSeconds: 2,
      version: '0.0.0',
      debug: null,
      setTimer,
    });
    let settled = false;
    const listing = client.promotionCodes.list({ limit: 1 }).finally(() => {
      settled = true;
    });
    listing.catch(() => {});
    await server.nextRequest();
    // Bytes keep coming (one each 50 ms), so an idle timeout would never fire: still open.
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(settled).toBe(false);
    expect(timers).toHaveLength(1);
    expect(timers[0]!.ms).toBe(2000);
    timers[0]!.fire();
    await expect(listing).rejects.toMatchObject({
      type: 'StripeConnectionError',
      message: expect.stringMatching(/timeout/i),
    });
    await vi.waitFor(() => expect(server.abandoned).toBe(1));
  });

  it('check --timeout 0.3 --max-retries 0 against a trickling server: exit 3, "did not answer within 0.3 s"', async () => {
    const server = await loopback(trickle);
    const r = await runAgainst(server.url, ['check', 'SPRING25', '--timeout', '0.3', '--max-retries', '0']);
    expect(r.stderr).toMatch(/did not answer within 0\.3 s \(--timeout\), 1 attempt\./);
    expect(r.code).toBe(3);
  });
});

describe('SIGINT and SIGTERM stop an audit whatever the network does', () => {
  it('a request in flight to a trickling server is abandoned at the signal: exit 143, saying what was read', async () => {
    const server = await loopback(trickle);
    const signals = signalSource();
    const first = server.nextRequest();
    const run = runAgainst(server.url, ['audit', '--json'], { interrupts: signals.interrupts });
    await first;
    signals.send('SIGTERM');
    const r = await run;
    expect(r.code).toBe(143);
    expect(r.stderr).toMatch(/interrupted by SIGTERM/);
    expect(r.stderr).toMatch(/No page was read; run it again\./);
    // It ended because the client closed the connection, not because the server finished.
    await vi.waitFor(() => expect(server.abandoned).toBe(1));
    expect(server.requests).toHaveLength(1);
  });
});

describe('response bodies are bounded', () => {
  it('a declared Content-Length over the bound is refused before its body is read, and not retried', async () => {
    const server = await loopback((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(300 * 1024 * 1024) });
      res.write('{"object":"list","data":[');
    });
    const r = await runAgainst(server.url, ['check', 'SPRING25', '--max-retries', '2']);
    expect(r.stderr).toMatch(/sent a response larger than 32 MiB; it was not read/);
    expect(r.code).toBe(3);
    expect(server.requests).toHaveLength(1);
  });

  it('a chunked body is cut as soon as it passes the bound', async () => {
    let sent = 0;
    const server = await loopback((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      const chunk = Buffer.alloc(1024 * 1024, 0x20);
      const pump = () => {
        while (sent < 4 * MAX_RESPONSE_BYTES) {
          sent += chunk.length;
          if (!res.write(chunk)) return void res.once('drain', pump);
        }
        res.end();
      };
      res.on('close', () => {
        sent = Math.min(sent, 4 * MAX_RESPONSE_BYTES);
      });
      pump();
    });
    const r = await runAgainst(server.url, ['check', 'SPRING25', '--max-retries', '0']);
    expect(r.stderr).toMatch(/larger than 32 MiB/);
    expect(r.code).toBe(3);
    expect(sent).toBeLessThan(4 * MAX_RESPONSE_BYTES);
  });
});
