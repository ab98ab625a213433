/**
 * Everything a test needs to run promo-doctor against the loopback fake Stripe API
 * (test/support/fakeStripe.ts): one way to start a fake, one way to run the CLI against it
 * (in-process, test/helpers/cli.ts), one leak check, and the integration tests' reader.
 *
 * Every `runAgainst` also asserts that no key of test/helpers/keys.ts shows up on stdout or
 * stderr, nor in any request line, query, expand or header but Authorization: so every
 * end-to-end test is also a leak test.
 *
 * The fake serves from this process's event loop: a spawned binary must be spawned
 * asynchronously (spawnCli), never with spawnSync.
 */
import { createServer, type AddressInfo } from 'node:net';
import Stripe from 'stripe';
import { expect } from 'vitest';
import type { ConnectionFlags } from '../../src/cli/connectionOptions.js';
import { openReader } from '../../src/cli/live.js';
import { bareContext, type RedemptionContext } from '../../src/rules/context.js';
import type { DiagnosisDocument } from '../../src/render/json.js';
import type { Finding, ReasonCode } from '../../src/rules/findings.js';
import type { StripeReader } from '../../src/stripe/reader.js';
import * as build from '../support/builders.js';
import { startFakeStripe, type FakeStripe, type Scenario } from '../support/fakeStripe.js';
import { parseJson, parseNdjson, runCli, type CliOptions, type CliResult, type RunEvent } from './cli.js';
import { VirtualClock } from './clock.js';
import { KEY, LEAK_MARKERS } from './keys.js';
import { customerScenario, firstTimeScenario, sharedCodeScenario } from './scenarios.js';
import { assertDiagnosisDocument } from './schema.js';
import { AT } from './time.js';

/** What vitest's test context offers for cleanup; concurrent tests must use their own context's hook. */
export interface TestHooks {
  onTestFinished(fn: () => unknown): void;
}

export interface FakeOptions {
  /** Latency added to every answer, so parallel requests overlap and `roundTrips()` counts them. */
  readonly latencyMs?: number;
  /** Close the fake when this test finishes; without it, `stopFakes()` closes it. */
  readonly until?: TestHooks;
}

const running: FakeStripe[] = [];

/** A fake that accepts KEY in test mode unless the scenario names its own keys (then exactly those). */
export async function startFake(scenario: Scenario = {}, options: FakeOptions = {}): Promise<FakeStripe> {
  const fake = await startFakeStripe(
    { keys: { [KEY]: { mode: 'test' } }, ...scenario },
    { latencyMs: options.latencyMs ?? 0 },
  );
  if (options.until) options.until.onTestFinished(() => fake.close());
  else running.push(fake);
  return fake;
}

/**
 * Latency that makes round trips countable: a request sent beside another in the same round
 * trip starts before the other is answered, even on a loaded machine.
 */
export const ROUND_TRIP_LATENCY_MS = 100;

/**
 * A fake for the round-trip tests (test/integration/), which run concurrently within their
 * file: each mostly waits on this latency, and a worker that waits leaves a core idle. It serves
 * what `make` builds, with ids of its own (builders' withFreshIds) whatever other tests build
 * meanwhile; `stopFakes()` in the file's `afterAll` closes it.
 */
export function roundTripFake(make: () => Scenario): Promise<FakeStripe> {
  return startFake(build.withFreshIds(make), { latencyMs: ROUND_TRIP_LATENCY_MS });
}

export async function stopFakes(): Promise<void> {
  await Promise.all(running.splice(0).map((fake) => fake.close()));
}

/** http://127.0.0.1:<port> where nothing listens: a port bound, noted and closed again. */
export async function closedPortUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}

export interface RunOptions extends CliOptions {
  /** The key in STRIPE_API_KEY (default KEY); null for none. */
  readonly key?: string | null;
}

export interface RunResult extends CliResult {
  /** Requests the fake received and stdout writes, in the order they happened. */
  readonly events: readonly RunEvent[];
  /** The run's clock: its sleeps and the virtual time of each request. */
  readonly clock: VirtualClock;
}

/**
 * The CLI, in-process, with STRIPE_API_KEY=KEY and STRIPE_API_BASE at the fake (or at a URL,
 * or unset for null), asserting that no key leaked into its output or into the requests.
 */
export async function runAgainst(
  target: FakeStripe | string | null,
  args: readonly string[],
  options: RunOptions = {},
): Promise<RunResult> {
  const { key = KEY, env, ...rest } = options;
  const fake = target !== null && typeof target !== 'string' ? target : null;
  const apiBase = target === null ? undefined : typeof target === 'string' ? target : target.url;
  const clock = options.clock instanceof VirtualClock ? options.clock : new VirtualClock();
  const events: RunEvent[] = options.events ?? [];
  const unsubscribe = fake?.observe((request) => events.push({ kind: 'request', path: request.path, at: clock.now() }));
  try {
    const result = await runCli(args, {
      ...rest,
      clock,
      events,
      env: { STRIPE_API_KEY: key ?? undefined, ...(apiBase === undefined ? {} : { STRIPE_API_BASE: apiBase }), ...env },
    });
    expectNoLeak(result);
    if (fake) expectKeyOnlyInAuthorization(fake);
    return { ...result, events, clock };
  } finally {
    unsubscribe?.();
  }
}

/** Any unmasked Stripe key: the masked form has "…" right after the prefix, so it never matches. */
const UNMASKED_KEY = /\b(sk|rk|pk)_(test|live)_[A-Za-z0-9]{6,}/;

/** No key (nor its distinctive part, nor its Basic-auth form, nor any unmasked key) on stdout or stderr. */
export function expectNoLeak(result: Pick<CliResult, 'stdout' | 'stderr'>): void {
  for (const marker of LEAK_MARKERS) {
    expect(result.stdout.includes(marker), `stdout holds ${marker}`).toBe(false);
    expect(result.stderr.includes(marker), `stderr holds ${marker}`).toBe(false);
  }
  expect(result.stdout, 'an unmasked Stripe key on stdout').not.toMatch(UNMASKED_KEY);
  expect(result.stderr, 'an unmasked Stripe key on stderr').not.toMatch(UNMASKED_KEY);
}

/**
 * The key reaches Stripe only as `Authorization: Bearer …`: never in a path, a query, an expand or
 * another header. The places are collected first and asserted once: an audit makes hundreds of
 * requests with a dozen headers each, and one `expect` per header cost seconds of the suite.
 */
export function expectKeyOnlyInAuthorization(fake: FakeStripe): void {
  const leaks: string[] = [];
  const notBearer: string[] = [];
  for (const request of fake.requests) {
    const line = `${request.method} ${request.path} ${JSON.stringify(request.query)} ${request.expand.join(',')}`;
    if (LEAK_MARKERS.some((marker) => line.includes(marker))) leaks.push(`the request line: ${line}`);
    for (const [name, value] of Object.entries(request.headers)) {
      if (name === 'authorization') {
        if (!/^Bearer \S+$/.test(String(value))) notBearer.push(`${request.method} ${request.path}`);
      } else if (LEAK_MARKERS.some((marker) => value?.includes(marker) ?? false)) {
        leaks.push(`the ${name} header of ${request.method} ${request.path}`);
      }
    }
  }
  expect(leaks, 'the key appears in').toEqual([]);
  expect(notBearer, 'the key is not sent as a bearer token in').toEqual([]);
}

/** A failed run: its exit code, nothing on stdout, exactly one line "promo-doctor: …" ending a sentence, no stack trace. */
export function expectFailure(result: CliResult, exitCode: 2 | 3, says?: RegExp): void {
  expect(result.code, `exit code (stderr: ${JSON.stringify(result.stderr)})`).toBe(exitCode);
  expect(result.stdout, 'stdout stays empty').toBe('');
  expect(result.stderr, 'exactly one line on stderr, "promo-doctor: " and a sentence').toMatch(
    /^promo-doctor: \S[^\n]*[.?)]\n$/,
  );
  expect(result.stderr, 'no stack trace').not.toMatch(/\n\s+at /);
  expect(result.stderr, 'no internal error wording').not.toMatch(
    /unexpected error|TypeError|RangeError|SyntaxError|ReferenceError/,
  );
  expectNoLeak(result);
  if (says) expect(result.stderr).toMatch(says);
}

/** The published document (src/render/json.ts): tests read what the CLI promises. */
export type Doc = DiagnosisDocument;
export type { Finding };

/** A `--json` run: stdout is one document that matches the published schema, and no key leaked. */
export function jsonDoc(result: Pick<CliResult, 'stdout' | 'stderr'>): Doc {
  expectNoLeak(result);
  const doc = parseJson(result.stdout);
  assertDiagnosisDocument(doc);
  return doc as Doc;
}

/** NDJSON on stdout: complete lines only, each one a schema-valid diagnosis document. */
export function ndjsonDocs(stdout: string): Doc[] {
  if (stdout === '') return [];
  const docs = parseNdjson(stdout);
  for (const doc of docs) assertDiagnosisDocument(doc);
  return docs as Doc[];
}

export const codesOf = (findings: readonly { code: string }[]): string[] => findings.map((f) => f.code);

/** The one finding with this code, its evidence typed by the code; fails when there is none or several. */
export function onlyFinding<C extends ReasonCode>(findings: readonly Finding[], code: C): Finding<C> {
  const matching = findings.filter((f) => f.code === code);
  if (matching.length !== 1) throw new Error(`expected exactly one ${code}, got [${codesOf(findings).join(', ')}]`);
  return matching[0] as Finding<C>;
}

/**
 * The tool only reads: every request the fakes recorded is a GET. At least one request must have
 * reached them, so that the check cannot pass by sending nothing; `orNone` allows none, for the
 * hooks that check after every test, some of which stop before any request.
 */
export function expectOnlyGets(fakes: FakeStripe | readonly FakeStripe[], options: { orNone?: boolean } = {}): void {
  const requests = (Array.isArray(fakes) ? fakes : [fakes as FakeStripe]).flatMap((fake) => fake.requests);
  if (!options.orNone) expect(requests.length, 'at least one request reached the fake').toBeGreaterThan(0);
  expect(requests.map((r) => `${r.method} ${r.path}`).filter((line) => !line.startsWith('GET '))).toEqual([]);
}

/** Paths of the recorded requests, in order (`GET /v1/promotion_codes/promo_1`). */
export function requestLines(fake: FakeStripe): string[] {
  return fake.requests.map((r) => `${r.method} ${r.path}`);
}

// ------------------------------------------------------------ integration tests (the reader in-process)

/** A StripeReader built exactly as the CLI builds it (openReader), pointed at the fake. */
export function readerFor(
  fake: FakeStripe,
  flags: ConnectionFlags = {},
  env: Record<string, string | undefined> = {},
): Promise<StripeReader> {
  return openReader(
    { timeout: '5', maxRetries: '0', ...flags },
    {
      env: { STRIPE_API_KEY: KEY, STRIPE_API_BASE: fake.url, ...env },
      version: '0.0.0-test',
      debug: null,
      clock: new VirtualClock(AT * 1000),
    },
  );
}

/** The redemption context at the reference time, as contextFromFlags would make it. */
export function context(overrides: Partial<RedemptionContext> = {}): RedemptionContext {
  return bareContext(AT, overrides);
}

/** The rejection of a promise; fails when it resolves. */
export async function rejection<E extends Error = Error & { exitCode?: number; requestId?: string }>(
  promise: Promise<unknown>,
): Promise<E> {
  try {
    await promise;
  } catch (error) {
    return error as E;
  }
  throw new Error('expected a rejection, but the promise resolved');
}

/** The real SDK pointed at the fake, with the SDK's own retries off (the fake's tests see every answer). */
export function sdkFor(fake: FakeStripe, key: string = KEY): Stripe {
  return new Stripe(key, { host: '127.0.0.1', port: fake.port, protocol: 'http', maxNetworkRetries: 0 });
}

/**
 * One account with something for every command: a first-time code (WELCOME / promo_new, and
 * cus_h to redeem it), a customer with discounts (cus_1), and a code string shared by two
 * promotion codes (SHARED). Built fresh each call (builders keep a counter).
 */
export function richScenario(): Scenario {
  build.resetBuilderIds();
  const parts = [firstTimeScenario(), customerScenario(), sharedCodeScenario()];
  const merged: Record<string, object[]> = {};
  for (const part of parts) {
    for (const [name, value] of Object.entries(part)) {
      if (Array.isArray(value)) merged[name] = [...(merged[name] ?? []), ...(value as object[])];
    }
  }
  return merged as Scenario;
}
