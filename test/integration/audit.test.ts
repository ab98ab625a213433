/**
 * Integration: `runAudit` (src/cli/audit.ts) in process, with the real stripe SDK against the
 * fake Stripe API, and stdout/stderr as recording streams: a TTY on stderr (the progress line that rewrites itself), and exactly when each
 * write happens relative to the page requests (streaming page by page, README, Commands and docs/architecture.md, Requests, cost and start-up).
 */
import { Readable, Writable } from 'node:stream';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { runAudit, type AuditFlags } from '../../src/cli/audit.js';
import { createPalette } from '../../src/render/palette.js';
import { generateAccount, type GeneratedAccount } from '../helpers/auditAccount.js';
import { VirtualClock } from '../helpers/clock.js';
import { injectAtRequest, restoreRequestLog } from '../helpers/injectAt.js';
import type { FakeStripe } from '../support/fakeStripe.js';
import { KEY } from '../helpers/keys.js';
import { expectOnlyGets, startFake } from '../helpers/liveStripe.js';
import { AT, AT_ISO } from '../helpers/time.js';

const CLEAR_LINE = '\r\u001b[2K';

/** A stream that keeps each write, with how many requests the fake had seen at that moment. */
class Recorder extends Writable {
  readonly writes: Array<{ text: string; requests: number }> = [];
  constructor(
    private readonly fake: FakeStripe,
    readonly isTTY: boolean,
  ) {
    super();
  }

  override _write(chunk: Buffer | string, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    this.writes.push({ text: chunk.toString(), requests: this.fake.requests.length });
    callback();
  }

  get text(): string {
    return this.writes.map((w) => w.text).join('');
  }
}

/**
 * What a terminal shows for a stream of text: one entry per line, where a carriage return
 * goes back to the start of the line and ESC[2K erases it.
 */
function onScreen(text: string): string[] {
  return text.split('\n').map((line) => {
    const back = line.lastIndexOf('\r');
    return (back === -1 ? line : line.slice(back + 1)).replace(/^\u001b\[2K/, '');
  });
}

interface Run {
  code: number;
  stdout: Recorder;
  stderr: Recorder;
}

async function run(fake: FakeStripe, flags: Partial<AuditFlags>, tty = false): Promise<Run> {
  const stdout = new Recorder(fake, false);
  const stderr = new Recorder(fake, tty);
  const io = { stdin: Readable.from([]), stdout, stderr };
  const environment = {
    env: { STRIPE_API_KEY: KEY, STRIPE_API_BASE: fake.url },
    version: '0.0.0-test',
    debug: null,
    clock: new VirtualClock(AT * 1000),
  };
  const code = await runAudit(
    { at: AT_ISO, ...flags },
    io,
    createPalette(false),
    environment,
    Math.floor(Date.now() / 1000),
  );
  return { code, stdout, stderr };
}

let account: GeneratedAccount;
let fake: FakeStripe;

beforeAll(async () => {
  account = generateAccount({ size: 250, seed: 42, prefix: 'I' });
  fake = await startFake(account.scenario);
});
afterAll(async () => {
  expectOnlyGets(fake);
  await fake.close();
});
beforeEach(() => fake.reset());

describe('progress on stderr', () => {
  it('on a TTY: one progress line per page (codes scanned, pages, requests/s, 429s, problems, share done), rewritten in place, cleared before the summary', async () => {
    const r = await run(fake, { json: true }, true);
    expect(r.code).toBe(1);
    const progress = r.stderr.writes.filter((w) => w.text.startsWith(CLEAR_LINE) && w.text.includes('scanned'));
    expect(progress.map((w) => /scanned ([\d,]+) codes · (\d+) pages/.exec(w.text)?.slice(1))).toEqual([
      ['100', '1'],
      ['200', '2'],
      ['250', '3'],
    ]);
    for (const w of progress) {
      // The share done is told from codes and pages read, or said to be unknown yet.
      expect(w.text).toMatch(
        / · [\d.]+ requests\/s · \d+ × 429 · [\d,]+ not redeemable · (about \d+% done|share done unknown yet)$/,
      );
      expect(w.text).not.toContain('\n');
    }
    // Once the last page is read, the share is known: every window is done.
    expect(progress.at(-1)!.text).toMatch(/about 100% done$/);
    const text = r.stderr.text;
    // The last progress line and the summary agree, written alike.
    const lastCount = /scanned ([\d,]+) codes/.exec(progress.at(-1)!.text)![1];
    expect(text).toContain(`Audited ${lastCount} promotion codes`);
    const summaryAt = text.indexOf('Audited 250 promotion codes');
    expect(summaryAt).toBeGreaterThan(0);
    expect(text.slice(0, summaryAt).endsWith(CLEAR_LINE)).toBe(true);
    expect(text.slice(summaryAt)).not.toContain('scanned');
    // Progress never reaches stdout.
    expect(r.stdout.text).not.toContain('\r');
    expect(r.stdout.text).not.toContain('scanned');
  });

  it('off a TTY: no progress line, no carriage return, no escape code; only the summary', async () => {
    const r = await run(fake, { json: true }, false);
    expect(r.code).toBe(1);
    expect(r.stderr.text).not.toContain('\r');
    expect(r.stderr.text).not.toContain('\u001b');
    expect(r.stderr.writes).toHaveLength(1);
    expect(r.stderr.text).toMatch(/^Audited 250 promotion codes in 3 pages/);
  });

  it('--json to a terminal (stdout and stderr the same screen): the progress line never ends up inside an output line', async () => {
    const terminal = new Recorder(fake, true);
    const environment = {
      env: { STRIPE_API_KEY: KEY, STRIPE_API_BASE: fake.url },
      version: '0.0.0-test',
      debug: null,
      clock: new VirtualClock(AT * 1000),
    };
    const code = await runAudit(
      { at: AT_ISO, json: true },
      { stdin: Readable.from([]), stdout: terminal, stderr: terminal },
      createPalette(false),
      environment,
      Math.floor(Date.now() / 1000),
    );
    expect(code).toBe(1);
    const screen = onScreen(terminal.text);
    const withJson = screen.filter((line) => line.includes('"schema_version"'));
    expect(withJson).toHaveLength(250);
    for (const line of withJson) expect(line.startsWith('{'), `a line on screen: ${line.slice(0, 120)}`).toBe(true);
    expect(screen.filter((line) => line.includes('scanned'))).toEqual([]);
  });

  it('on a TTY, a lost page clears the progress line before saying where the audit stopped', async () => {
    injectAtRequest(fake, 2, { kind: 'status', status: 500, retryAfter: 0, path: '/v1/promotion_codes', times: 2 });
    try {
      const r = await run(fake, { json: true, maxRetries: '1' }, true);
      expect(r.code).toBe(3);
      expect(r.stdout.text.trimEnd().split('\n')).toHaveLength(100);
      const last = r.stderr.writes.at(-1)!.text;
      // The progress line goes first, then the summary of what was read, then where it stopped.
      const summaryAt = r.stderr.text.indexOf('Audited 100 promotion codes');
      const stop = r.stderr.text.indexOf('promo-doctor: the audit stopped after 100 codes');
      expect(summaryAt).toBeGreaterThan(0);
      expect(stop).toBeGreaterThan(summaryAt);
      expect(r.stderr.text.slice(0, summaryAt).endsWith(CLEAR_LINE)).toBe(true);
      expect(r.stderr.text.slice(summaryAt)).not.toContain('scanned');
      expect(last).toContain(`--starting-after ${account.codes[99]!.id}`);
    } finally {
      restoreRequestLog(fake);
    }
  });
});

describe('streaming: each page is written before the next one is requested', () => {
  it('NDJSON: write k holds page k and happens while only k requests have been made', async () => {
    const r = await run(fake, { json: true });
    const pages = r.stdout.writes;
    expect(pages.map((w) => w.requests)).toEqual([1, 2, 3]);
    expect(pages.map((w) => w.text.trimEnd().split('\n').length)).toEqual([100, 100, 50]);
    const ids = pages.flatMap((w) =>
      w.text
        .trimEnd()
        .split('\n')
        .map((line) => (JSON.parse(line) as { target: { id: string } }).target.id),
    );
    expect(ids).toEqual(account.codes.map((c) => c.id));
  });

  it('CSV: the header first, then one write per page', async () => {
    const r = await run(fake, { format: 'csv' });
    expect(r.stdout.writes[0]!.text).toMatch(/^id,code,verdict,/);
    expect(r.stdout.writes.slice(1).map((w) => w.requests)).toEqual([1, 2, 3]);
    expect(r.stdout.writes.slice(1).map((w) => w.text.split('\r\n').length - 1)).toEqual([100, 100, 50]);
  });

  it('the human table is written once, at the end, after every page', async () => {
    const r = await run(fake, {});
    expect(r.code).toBe(1);
    expect(r.stdout.writes).toHaveLength(1);
    expect(r.stdout.writes[0]!.requests).toBe(3);
    expect(r.stdout.text).toMatch(/^Code\s+Id\s+Verdict\s+Reasons\n/);
  });
});
