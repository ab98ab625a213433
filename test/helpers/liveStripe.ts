/**
 * Shared plumbing of the integration tests (the real `stripe` SDK, in process, against the
 * loopback fake Stripe API) and of the end-to-end tests that spawn the built binary with
 * STRIPE_API_BASE pointing at the fake.
 *
 * The fake serves from inside the vitest process: the binary is always spawned
 * asynchronously (runCli), never with spawnSync, or the fake could never answer.
 */
import { expect } from 'vitest';
import type { ConnectionFlags } from '../../src/cli/connectionOptions.js';
import { openReader } from '../../src/cli/live.js';
import { bareContext, type RedemptionContext } from '../../src/rules/context.js';
import type { StripeReader } from '../../src/stripe/reader.js';
import { VirtualClock } from './clock.js';
import { startFakeStripe, type FakeStripe, type Scenario } from '../support/fakeStripe.js';
import { parseJson, runCli, type CliOptions, type CliResult } from './cli.js';
import { assertDiagnosisDocument } from './schema.js';

/** A recognisable test-mode secret key: it must never show up in any output. */
export const KEY = 'sk_test_PromoDoctorSecret1234';
/** A live-mode key, for the mode-mismatch cases. */
export const LIVE_KEY = 'sk_live_PromoDoctorSecret5678';
/** A restricted key; its permissions are set per scenario. */
export const RESTRICTED_KEY = 'rk_test_PromoDoctorRestricted9012';

/** Everything a leak of any of our keys could look like (the key, or its secret part). */
const SECRETS = [KEY, LIVE_KEY, RESTRICTED_KEY, 'PromoDoctorSecret1234', 'PromoDoctorSecret5678', 'PromoDoctorRestricted9012'];

/** The evaluation time the tests pin with --at: 2026-06-01T00:00:00Z (builders create objects from 2026-01-01). */
export const AT = Date.UTC(2026, 5, 1) / 1000;
export const AT_ISO = '2026-06-01T00:00:00Z';
export const DAY = 86400;

const running: FakeStripe[] = [];

/** A fake with our key accepted in test mode (unless the scenario names its keys), closed by `stopFakes`. */
export async function startFake(scenario: Scenario = {}, opts: { latencyMs?: number } = {}): Promise<FakeStripe> {
  const fake = await startFakeStripe({ keys: { [KEY]: { mode: 'test' } }, ...scenario }, opts);
  running.push(fake);
  return fake;
}

export async function stopFakes(): Promise<void> {
  await Promise.all(running.splice(0).map((fake) => fake.close()));
}

/** A StripeReader built exactly as the CLI builds it (openReader), pointed at the fake. */
export function readerFor(fake: FakeStripe, flags: ConnectionFlags = {}, env: Record<string, string | undefined> = {}): Promise<StripeReader> {
  return openReader(
    { timeout: '5', maxRetries: '0', ...flags },
    { env: { STRIPE_API_KEY: KEY, STRIPE_API_BASE: fake.url, ...env }, version: '0.0.0-test', debug: null, clock: new VirtualClock(AT * 1000) },
  );
}

/** The redemption context at the pinned clock, as contextFromFlags would make it. */
export function context(overrides: Partial<RedemptionContext> = {}): RedemptionContext {
  return bareContext(AT, overrides);
}

/** The rejection of a promise; fails when it resolves. */
export async function rejection(promise: Promise<unknown>): Promise<Error & { exitCode?: number; requestId?: string }> {
  try {
    await promise;
  } catch (error) {
    return error as Error & { exitCode?: number; requestId?: string };
  }
  throw new Error('expected a rejection, but the promise resolved');
}

/** Design §8: the tool only reads. */
export function expectOnlyGets(fake: FakeStripe): void {
  expect(fake.requests.length, 'at least one request reached the fake').toBeGreaterThan(0);
  expect(fake.requests.map((r) => `${r.method} ${r.path}`).filter((line) => !line.startsWith('GET '))).toEqual([]);
}

/** Paths of the recorded requests, in order (`GET /v1/promotion_codes/promo_1`). */
export function requestLines(fake: FakeStripe): string[] {
  return fake.requests.map((r) => `${r.method} ${r.path}`);
}

/** Run the built CLI against the fake, the key given through STRIPE_API_KEY unless env says otherwise. */
export function runAgainst(fake: FakeStripe | null, args: readonly string[], options: CliOptions = {}): Promise<CliResult> {
  return runCli(args, {
    ...options,
    env: { STRIPE_API_KEY: KEY, ...(fake ? { STRIPE_API_BASE: fake.url } : {}), ...options.env },
  });
}

/** No key (nor its secret part) on stdout or stderr. */
export function expectNoKeyLeak(result: CliResult): void {
  for (const secret of SECRETS) {
    expect(result.stdout, 'the API key must never reach stdout').not.toContain(secret);
    expect(result.stderr, 'the API key must never reach stderr').not.toContain(secret);
  }
}

/** A failed run: its exit code, nothing at all on stdout, one sentence on stderr, no stack trace, no key. */
export function expectFailure(result: CliResult, exitCode: 2 | 3, says?: RegExp): void {
  expect(result.code, `exit code (stderr: ${JSON.stringify(result.stderr)})`).toBe(exitCode);
  expect(result.stdout, 'stdout stays clean on failure').toBe('');
  expect(result.stderr).toMatch(/^promo-doctor: \S[^\n]*\n$/);
  expect(result.stderr, 'no stack trace').not.toMatch(/\n\s+at /);
  expectNoKeyLeak(result);
  if (says) expect(result.stderr).toMatch(says);
}

export interface Finding {
  code: string;
  severity: string;
  object: string;
  id: string;
  message: string;
  fix: string;
  evidence: Record<string, unknown>;
}

export interface Doc {
  schema_version: number;
  target: { type: string; id: string; code?: string };
  evaluated_at: string;
  verdict: 'redeemable' | 'conditional' | 'not_redeemable';
  redeemable: boolean;
  context: Record<string, unknown>;
  reasons: Finding[];
  checks: Array<{ id: string; status: string; detail: string }>;
  promotion_code?: Record<string, unknown>;
  coupon?: Record<string, unknown> | null;
  customer?: Record<string, unknown>;
  discounts?: Array<{
    discount: Record<string, unknown>;
    attached_to: { type: string; id: string | null };
    applies: boolean;
    reasons: Finding[];
    coupon_reasons: Finding[];
  }>;
  matches?: Doc[];
  selected?: string;
}

/** A `--json` run: stdout is one document that matches the published schema. */
export function jsonDoc(result: CliResult): Doc {
  expectNoKeyLeak(result);
  const doc = parseJson(result.stdout);
  assertDiagnosisDocument(doc);
  return doc as Doc;
}

export const codesOf = (findings: readonly { code: string }[]): string[] => findings.map((f) => f.code);

/** The one finding with this code; fails when there is none or several. */
export function onlyFinding(findings: readonly Finding[], code: string): Finding {
  const matching = findings.filter((f) => f.code === code);
  if (matching.length !== 1) throw new Error(`expected exactly one ${code}, got [${codesOf(findings).join(', ')}]`);
  return matching[0]!;
}
