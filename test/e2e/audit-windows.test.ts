/**
 * `promo-doctor audit` in parallel windows, end to end and in-process: every code exactly
 * once whatever happens (random faults, bursts of codes in one second, windows splitting
 * while others run, an interruption, a lost page, a resume), against the fake Stripe API
 * with Stripe's per-endpoint limit of 25 requests/s and its latency at 0. The fake's limit
 * and the CLI's pacer read the same virtual clock (test/helpers/clock.ts): no real time
 * is waited for, and none is measured. Real signals to a real process:
 * test/e2e/audit-signals.test.ts.
 */
import { Readable, Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { generateAccount, type GeneratedAccount } from '../helpers/auditAccount.js';
import { AT_FLAG as AT } from '../helpers/time.js';
import { parseCsv, parseNdjson, REPO_ROOT, signalSource } from '../helpers/cli.js';
import { VirtualClock } from '../helpers/clock.js';
import { KEY } from '../helpers/keys.js';
import { expectOnlyGets, runAgainst, type RunResult } from '../helpers/liveStripe.js';
import { startFakeStripe, type FakeStripe, type RandomFaultOptions } from '../support/fakeStripe.js';

const LIST_PATH = '/v1/promotion_codes';
const running: FakeStripe[] = [];
afterEach(async () => {
  expectOnlyGets(running, { orNone: true });
  await Promise.all(running.splice(0).map((fake) => fake.close()));
});

/** A fake with Stripe's 25/s per endpoint, judged on `clock`, and optionally random faults. */
async function limitedFake(
  account: GeneratedAccount,
  clock: VirtualClock,
  randomFaults?: RandomFaultOptions,
): Promise<FakeStripe> {
  const fake = await startFakeStripe(
    { keys: { [KEY]: { mode: 'test' } }, ...account.scenario },
    { rateLimit: {}, clock: () => clock.now(), ...(randomFaults ? { randomFaults } : {}) },
  );
  running.push(fake);
  return fake;
}

const idsOf = (stdout: string): string[] =>
  stdout === '' ? [] : parseNdjson(stdout).map((d) => (d as { target: { id: string } }).target.id);

function expectEveryCodeOnce(ids: readonly string[], account: GeneratedAccount): void {
  const seen = new Set<string>();
  const twice = ids.filter((id) => {
    if (seen.has(id)) return true;
    seen.add(id);
    return false;
  });
  expect(twice, 'codes read twice').toEqual([]);
  expect(seen.size, 'codes read').toBe(account.codes.length);
  expect(seen).toEqual(new Set(account.codes.map((c) => c.id)));
}

/** The token on the last line of stderr ("… Resume with the same flags and --resume <token>"). */
function tokenOf(r: RunResult): string {
  const match = /--resume ([A-Za-z0-9_-]+)/.exec(r.stderr.trimEnd().split('\n').at(-1) ?? '');
  if (!match) throw new Error(`no resume token on stderr:\n${r.stderr}`);
  return match[1]!;
}

const listRequests = (fake: FakeStripe) => fake.requests.filter((r) => r.path === LIST_PATH);

/** Calls `then` when the fake has received `n` list requests. */
function afterListRequests(fake: FakeStripe, n: number, then: () => void): () => void {
  let seen = 0;
  return fake.observe((request) => {
    if (request.path === LIST_PATH && ++seen === n) then();
  });
}

describe('every code exactly once', () => {
  // 6,000 codes: 60 pages are enough to split into many windows. At 8 % this seed draws every
  // kind of fault, 6 in 82 requests (as many as 12,000 codes did at 4 %, for half the work).
  // Larger accounts, in real processes: `npm run bench` (docs/audit.md).
  it('6,000 codes with 8 % of requests failing at random (429 rate and lock, 5xx, dropped connections)', async () => {
    const size = 6_000;
    const account = generateAccount({ size, seed: 11 });
    const clock = new VirtualClock();
    const fake = await limitedFake(account, clock, { rate: 0.08, seed: 5, path: /^\/v1\/promotion_codes$/ });
    const r = await runAgainst(fake, ['audit', ...AT, '--json', '--max-retries', '8'], { clock });
    expect(r.code, r.stderr.slice(-2000)).toBe(1);
    expectEveryCodeOnce(idsOf(r.stdout), account);
    const drawn = fake.randomFaults!.drawn;
    // Every kind of fault was drawn, and retried through.
    for (const [kind, count] of Object.entries(drawn)) expect(count, `${kind} faults drawn`).toBeGreaterThan(0);
    // Windows split while others ran: many distinct created ranges were read.
    const windows = new Set(listRequests(fake).map((q) => `${q.query['created[gte]']}..${q.query['created[lte]']}`));
    expect(windows.size).toBeGreaterThan(8);
    // Requests: the budget, plus one per fault (each is retried).
    const faults = Object.values(drawn).reduce((a, b) => a + b, 0);
    expect(listRequests(fake).length).toBeLessThanOrEqual(1.05 * Math.ceil(size / 100) + 2 * 8 + faults);
  }, 600_000);

  it('bursts of 500 codes created in one second', async () => {
    // 8 bursts: enough for windows to meet shared seconds at their edges many times.
    const account = generateAccount({ size: 4_000, seed: 12, burst: 500 });
    const clock = new VirtualClock();
    const fake = await limitedFake(account, clock);
    const r = await runAgainst(fake, ['audit', ...AT, '--json'], { clock });
    expect(r.code, r.stderr).toBe(1);
    expectEveryCodeOnce(idsOf(r.stdout), account);
    // Shared seconds: no window edge inside one, so every window is whole seconds apart.
    for (const q of listRequests(fake))
      expect(Number(q.query['created[gte]'])).toBeLessThanOrEqual(Number(q.query['created[lte]']));
    expect(fake.rateLimits!.refused['endpoint-rate']).toBe(0);
  }, 120_000);

  it('composes with filters: --active --coupon --created-after in windows read the codes page by page reads', async () => {
    const account = generateAccount({ size: 4_000, seed: 13 });
    const clock = new VirtualClock();
    const fake = await limitedFake(account, clock);
    const after = String(account.codes[3_000]!.created);
    const args = ['audit', ...AT, '--json', '--active', '--coupon', 'PLAIN20', '--created-after', after];
    const windows = await runAgainst(fake, args, { clock });
    const sequential = await runAgainst(fake, [...args, '--concurrency', '1'], { clock });
    expect(windows.code).toBe(sequential.code);
    expect(idsOf(windows.stdout).sort()).toEqual(idsOf(sequential.stdout).sort());
    expect(idsOf(sequential.stdout)).toEqual(
      account.codes.filter((c) => c.active && c.coupon === 'PLAIN20' && c.created >= Number(after)).map((c) => c.id),
    );
  }, 120_000);
});

describe('interrupted, then resumed with the token: the union is every code once', () => {
  const account = generateAccount({ size: 3_000, seed: 14 });

  it.each([
    ['SIGINT', 130],
    ['SIGTERM', 143],
  ] as const)(
    '%s: whole lines, the summary, a token, exit %i',
    async (signal, exitCode) => {
      const clock = new VirtualClock();
      const fake = await limitedFake(account, clock);
      const signals = signalSource();
      afterListRequests(fake, 12, () => signals.send(signal));
      const first = await runAgainst(fake, ['audit', ...AT, '--json'], { clock, interrupts: signals.interrupts });
      expect(first.code, first.stderr).toBe(exitCode);
      expect(first.stdout.endsWith('\n')).toBe(true);
      const firstIds = idsOf(first.stdout);
      expect(firstIds.length).toBeGreaterThan(0);
      expect(firstIds.length).toBeLessThan(account.codes.length);
      expect(first.stderr).toMatch(
        new RegExp(`^Audited ${firstIds.length.toLocaleString('en-US')} promotion codes`, 'm'),
      );
      expect(first.stderr).toContain(
        `the audit stopped after ${firstIds.length.toLocaleString('en-US')} codes: interrupted by ${signal}.`,
      );
      const requestsBefore = listRequests(fake).length;

      const second = await runAgainst(fake, ['audit', ...AT, '--json', '--resume', tokenOf(first)], { clock });
      expect(second.code, second.stderr).toBe(1);
      expectEveryCodeOnce([...firstIds, ...idsOf(second.stdout)], account);
      // The resumed run reads only what was left: no page of the first run again, give or take a window's last page.
      expect(listRequests(fake).length - requestsBefore).toBeLessThanOrEqual(
        Math.ceil((account.codes.length - firstIds.length) / 100) + 2 * 8 + 8,
      );
    },
    120_000,
  );

  it('the table: what was scanned, sorted, then the summary and the token', async () => {
    const clock = new VirtualClock();
    const fake = await limitedFake(account, clock);
    const signals = signalSource();
    afterListRequests(fake, 8, () => signals.send('SIGINT'));
    const first = await runAgainst(fake, ['audit', ...AT], { clock, interrupts: signals.interrupts });
    expect(first.code).toBe(130);
    expect(first.stdout).toMatch(/^Code\s+Id\s+Verdict\s+Reasons\n/);
    expect(first.stderr).toMatch(/^Audited [\d,]+ promotion codes/m);
    expect(tokenOf(first)).toMatch(/^[A-Za-z0-9_-]+$/);
  }, 120_000);

  it('CSV, interrupted twice and resumed twice: every code once, one header per run', async () => {
    const clock = new VirtualClock();
    const fake = await limitedFake(account, clock);
    const rows: string[] = [];
    let args = ['audit', ...AT, '--format', 'csv'];
    for (const stopAt of [6, 10, null]) {
      const signals = signalSource();
      const stop =
        stopAt === null
          ? () => {}
          : afterListRequests(fake, listRequests(fake).length + stopAt, () => signals.send('SIGINT'));
      const r = await runAgainst(fake, args, { clock, interrupts: signals.interrupts });
      stop();
      const [header, ...body] = parseCsv(r.stdout);
      expect(header![0]).toBe('id');
      rows.push(...body.map((row) => row[0]!));
      if (stopAt === null) expect(r.code).toBe(1);
      else {
        expect(r.code).toBe(130);
        args = ['audit', ...AT, '--format', 'csv', '--resume', tokenOf(r)];
      }
    }
    expectEveryCodeOnce(rows, account);
  }, 120_000);
});

describe('a page lost after retries', () => {
  it('keeps what was printed, prints the token (exit 3); resuming reads the rest, every code once', async () => {
    const account = generateAccount({ size: 3_000, seed: 15 });
    const clock = new VirtualClock();
    const fake = await limitedFake(account, clock);
    afterListRequests(fake, 10, () => fake.inject({ kind: 'status', status: 500, path: LIST_PATH, times: Infinity }));
    const first = await runAgainst(fake, ['audit', ...AT, '--json', '--max-retries', '1'], { clock });
    expect(first.code, first.stderr).toBe(3);
    expect(first.stderr).toMatch(/the audit stopped after \d+ codes: Stripe answered 500/);
    fake.reset();
    const second = await runAgainst(fake, ['audit', ...AT, '--json', '--resume', tokenOf(first)], { clock });
    expect(second.code, second.stderr).toBe(1);
    expectEveryCodeOnce([...idsOf(first.stdout), ...idsOf(second.stdout)], account);
  }, 120_000);
});

describe('--resume refuses what it cannot continue (exit 2, no request)', () => {
  it('a token made with other flags names the difference; a token that is not one says so', async () => {
    const account = generateAccount({ size: 3_000, seed: 16 });
    const clock = new VirtualClock();
    const fake = await limitedFake(account, clock);
    const signals = signalSource();
    afterListRequests(fake, 6, () => signals.send('SIGINT'));
    const first = await runAgainst(fake, ['audit', ...AT, '--json', '--active'], {
      clock,
      interrupts: signals.interrupts,
    });
    expect(first.code).toBe(130);
    fake.reset();
    const other = await runAgainst(fake, ['audit', ...AT, '--json', '--resume', tokenOf(first)], { clock });
    expect(other.code).toBe(2);
    expect(other.stderr).toBe(
      'promo-doctor: --resume: the token was made with other flags (--active given then, absent now); give the same flags as the audit that printed it.\n',
    );
    const garbage = await runAgainst(fake, ['audit', ...AT, '--json', '--resume', 'not-a-token'], { clock });
    expect(garbage.code).toBe(2);
    expect(garbage.stderr).toMatch(/^promo-doctor: --resume: this is not a token that promo-doctor audit printed/);
    const both = await runAgainst(
      fake,
      ['audit', ...AT, '--active', '--resume', tokenOf(first), '--starting-after', 'promo_1'],
      { clock },
    );
    expect(both.code).toBe(2);
    expect(fake.requests).toEqual([]);
  }, 120_000);
});

describe('a closed stdout (| head) stops the requests', () => {
  it.each([['--json'], ['--format', 'csv']])(
    '%s',
    async (...format) => {
      const account = generateAccount({ size: 3_000, seed: 17 });
      const clock = new VirtualClock();
      const fake = await limitedFake(account, clock);
      let writes = 0;
      const stdout = new Writable({
        write(_chunk, _encoding, callback) {
          // Like a pipe whose reader left: the third write fails with EPIPE.
          callback(++writes >= 3 ? Object.assign(new Error('write EPIPE'), { code: 'EPIPE' }) : null);
        },
      });
      stdout.on('error', () => {});
      const stderr: string[] = [];
      const code = await main(['audit', ...AT, ...format], {
        stdin: Readable.from([]),
        stdout,
        stderr: new Writable({
          write: (chunk: Buffer, _e, cb) => {
            stderr.push(chunk.toString());
            cb();
          },
        }),
        env: { STRIPE_API_KEY: KEY, STRIPE_API_BASE: fake.url, NO_COLOR: '1' },
        clock,
        cwd: REPO_ROOT,
      });
      expect([0, 1]).toContain(code);
      expect(stderr.join('')).toBe('');
      // Stopped at once: far fewer than the 30 pages of the account.
      expect(listRequests(fake).length).toBeLessThanOrEqual(3 + 8);
    },
    120_000,
  );
});
