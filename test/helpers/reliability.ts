/**
 * Plumbing of the reliability and security tests (test/reliability/): the built binary
 * against a loopback fake Stripe API, one fake per test so tests can run concurrently.
 *
 * Every run goes through `run`, which gives the CLI a recognisable key
 * (sk_test_51PromoDoctorLeakCheck9876) and, whatever else the test checks, asserts that
 * the key shows up in no stdout or stderr and in no request line or query sent to the fake
 * (only in the Authorization header). So every end-to-end test here is also a leak test.
 *
 * The fake serves from this process's event loop: the CLI is always spawned asynchronously
 * (runCli), never with spawnSync.
 */
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { expect } from 'vitest';
import * as build from '../support/builders.js';
import { startFakeStripe, type FakeStripe, type Scenario } from '../support/fakeStripe.js';
import { parseJson, parseNdjson, runCli, type CliOptions, type CliResult } from './cli.js';
import { customerScenario, firstTimeScenario, sharedCodeScenario } from './scenarios.js';
import { assertDiagnosisDocument } from './schema.js';

/** The recognisable test-mode secret key every run uses unless told otherwise. */
export const LEAK_KEY = 'sk_test_51PromoDoctorLeakCheck9876';
/** How --debug may show it: prefix and the last four characters. */
export const LEAK_KEY_MASKED = 'sk_test_…9876';
/** A restricted live-mode key. */
export const LEAK_RK_LIVE = 'rk_live_51PromoDoctorLeakCheckRk4321';
export const LEAK_RK_LIVE_MASKED = 'rk_live_…4321';
/** A well-formed key the fake does not accept (Stripe answers 401). */
export const LEAK_UNKNOWN_KEY = 'sk_test_51PromoDoctorLeakCheckGone5555';
/** A publishable key, refused before any request. */
export const LEAK_PK = 'pk_test_51PromoDoctorLeakCheckPub7777';

/**
 * What a leak of any of these keys looks like: the keys themselves, their distinctive middle
 * (which no masked form contains), and the HTTP Basic form (base64 of "key:").
 */
export const LEAK_MARKERS: readonly string[] = [
  LEAK_KEY,
  LEAK_RK_LIVE,
  LEAK_UNKNOWN_KEY,
  LEAK_PK,
  'PromoDoctorLeakCheck',
  ...[LEAK_KEY, LEAK_RK_LIVE, LEAK_UNKNOWN_KEY].map((key) => Buffer.from(`${key}:`).toString('base64')),
];

/** Any unmasked Stripe key: the masked form has "…" right after the prefix, so it never matches. */
const UNMASKED_KEY = /\b(sk|rk|pk)_(test|live)_[A-Za-z0-9]{6,}/;

/** What `vitest`'s test context offers for cleanup; concurrent tests must use the context's hook. */
export interface TestHooks {
  onTestFinished(fn: () => unknown): void;
}

/**
 * A fake Stripe API for this test only, closed when the test finishes. It accepts LEAK_KEY in
 * test mode unless the scenario names its own keys (then exactly those).
 */
export async function fakeFor(t: TestHooks, scenario: Scenario = {}, opts: { latencyMs?: number } = {}): Promise<FakeStripe> {
  const fake = await startFakeStripe({ keys: { [LEAK_KEY]: { mode: 'test' } }, ...scenario }, opts);
  t.onTestFinished(() => fake.close());
  return fake;
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
  /** The key in STRIPE_API_KEY (default LEAK_KEY); null for none. */
  key?: string | null;
}

/**
 * The built CLI with STRIPE_API_KEY=LEAK_KEY and STRIPE_API_BASE at the fake (or at a URL),
 * asserting that no key leaked into its output or into the requests the fake recorded.
 */
export async function run(target: FakeStripe | string | null, args: readonly string[], options: RunOptions = {}): Promise<CliResult> {
  const { key = LEAK_KEY, env, ...rest } = options;
  const apiBase = target === null ? undefined : typeof target === 'string' ? target : target.url;
  const result = await runCli(args, {
    ...rest,
    env: { STRIPE_API_KEY: key ?? undefined, ...(apiBase === undefined ? {} : { STRIPE_API_BASE: apiBase }), ...env },
  });
  expectNoLeak(result);
  if (target !== null && typeof target !== 'string') expectKeyOnlyInAuthorization(target);
  return result;
}

/** No key (nor its distinctive part, nor its Basic-auth form, nor any unmasked key) on stdout or stderr. */
export function expectNoLeak(result: Pick<CliResult, 'stdout' | 'stderr'>): void {
  for (const marker of LEAK_MARKERS) {
    expect(result.stdout.includes(marker), `stdout holds ${marker}`).toBe(false);
    expect(result.stderr.includes(marker), `stderr holds ${marker}`).toBe(false);
  }
  expect(result.stdout, 'an unmasked Stripe key on stdout').not.toMatch(UNMASKED_KEY);
  expect(result.stderr, 'an unmasked Stripe key on stderr').not.toMatch(UNMASKED_KEY);
}

/** The key reaches Stripe only as `Authorization: Bearer …`: never in a path, a query, an expand or another header. */
export function expectKeyOnlyInAuthorization(fake: FakeStripe): void {
  for (const request of fake.requests) {
    const line = `${request.method} ${request.path} ${JSON.stringify(request.query)} ${request.expand.join(',')}`;
    for (const marker of LEAK_MARKERS) expect(line.includes(marker), `the key is in the request line: ${line}`).toBe(false);
    for (const [name, value] of Object.entries(request.headers)) {
      if (name === 'authorization') {
        expect(value, 'the key is sent as a bearer token').toMatch(/^Bearer \S+$/);
        continue;
      }
      for (const marker of LEAK_MARKERS) expect(value?.includes(marker) ?? false, `the key is in the ${name} header`).toBe(false);
    }
  }
}

/** Bad usage or input: exit 2, nothing on stdout, exactly one line "promo-doctor: …" ending a sentence, no stack trace. */
export function expectUsageError(result: CliResult, says?: RegExp): void {
  expect(result.code, `exit code (stderr: ${JSON.stringify(result.stderr)})`).toBe(2);
  expectOneSentence(result, says);
}

/** Could not diagnose: exit 3, nothing on stdout, exactly one line "promo-doctor: …", no stack trace. */
export function expectDiagnosisFailure(result: CliResult, says?: RegExp): void {
  expect(result.code, `exit code (stderr: ${JSON.stringify(result.stderr)})`).toBe(3);
  expectOneSentence(result, says);
}

function expectOneSentence(result: CliResult, says?: RegExp): void {
  expect(result.stdout, 'stdout stays empty').toBe('');
  expect(result.stderr, 'exactly one line on stderr, "promo-doctor: " and a sentence').toMatch(/^promo-doctor: \S[^\n]*[.?)]\n$/);
  expect(result.stderr, 'no stack trace').not.toMatch(/\n\s+at /);
  expect(result.stderr, 'no internal error wording').not.toMatch(/unexpected error|TypeError|RangeError|SyntaxError|ReferenceError/);
  if (says) expect(result.stderr).toMatch(says);
}

export interface DocLike {
  schema_version: number;
  target: { type: string; id: string; code?: string };
  verdict: 'redeemable' | 'conditional' | 'not_redeemable';
  redeemable: boolean;
  reasons: Array<{ code: string; severity: string }>;
}

/** stdout is one complete JSON document that matches the published schema. */
export function oneDocument(result: Pick<CliResult, 'stdout'>): DocLike {
  const doc = parseJson(result.stdout);
  assertDiagnosisDocument(doc);
  return doc as DocLike;
}

/** stdout is NDJSON: complete lines only, each one a schema-valid diagnosis document. */
export function ndjsonDocuments(stdout: string): DocLike[] {
  if (stdout === '') return [];
  const docs = parseNdjson(stdout);
  for (const doc of docs) assertDiagnosisDocument(doc);
  return docs as DocLike[];
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
