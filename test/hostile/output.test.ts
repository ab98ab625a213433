/**
 * Issue 18, defects 2 and 7: a failed write is one sentence on stderr and exit 4 for every
 * command, the audit included; --output is written beside the target and renamed into place,
 * so a failed or killed run leaves the target as it was, and an interrupted audit leaves a
 * complete report that says so.
 */
import { spawn } from 'node:child_process';
import {
  chmodSync,
  closeSync,
  openSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable, Writable } from 'node:stream';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import * as build from '../support/builders.js';
import { BIN, REPO_ROOT, runCli, signalSource } from '../helpers/cli.js';
import { VirtualClock } from '../helpers/clock.js';
import { KEY } from '../helpers/keys.js';
import { closedPortUrl, runAgainst, startFake, stopFakes } from '../helpers/liveStripe.js';
import type { FakeStripe } from '../support/fakeStripe.js';
import { AT_ISO } from '../helpers/time.js';

const EXAMPLE = 'examples/promotion-code-2026-10-28.json';
let dir: string;
let fake: FakeStripe;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'promo-doctor-output-'));
  build.resetBuilderIds();
  const coupon = build.coupon({ id: 'C1', percent_off: 10 });
  fake = await startFake({
    coupons: [coupon],
    promotionCodes: Array.from({ length: 250 }, (_, i) => build.promotionCode({ code: `CODE${i}`, coupon: 'C1' })),
  });
});
afterAll(async () => {
  await stopFakes();
  rmSync(dir, { recursive: true, force: true });
});

/** A stdout that refuses every write as a full disk does. */
function fullDisk(): Writable {
  const stream = new Writable({
    write(_chunk, _encoding, callback) {
      callback(Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' }));
    },
  });
  // As entry.ts does for process.stdout: the error reaches the writer through the callback.
  return stream.on('error', () => {});
}

async function runWithStdout(args: string[], stdout: Writable): Promise<{ code: number; stderr: string }> {
  let stderr = '';
  const code = await main(args, {
    stdin: Readable.from([]),
    stdout,
    stderr: new Writable({
      write(chunk, _e, cb) {
        stderr += String(chunk);
        cb();
      },
    }),
    env: { NO_COLOR: '1', STRIPE_API_KEY: KEY, STRIPE_API_BASE: fake.url },
    clock: new VirtualClock(),
    cwd: REPO_ROOT,
  });
  return { code, stderr };
}

const ONE_SENTENCE = /^promo-doctor: [^\n]*(no space left on device \(ENOSPC\)|read-only)[^\n]*\.\n$/;

describe('a failed write is one sentence and exit 4', () => {
  const commands: Array<[string, string[]]> = [
    ['explain', ['explain', EXAMPLE, '--at', AT_ISO]],
    ['explain --json', ['explain', EXAMPLE, '--json']],
    ['reasons', ['reasons']],
    ['check', ['check', 'CODE1', '--at', AT_ISO]],
    ['audit --json', ['audit', '--json', '--at', AT_ISO]],
    ['audit (table)', ['audit', '--at', AT_ISO]],
    ['audit --format csv', ['audit', '--format', 'csv', '--at', AT_ISO]],
    ['audit --format html', ['audit', '--format', 'html', '--at', AT_ISO]],
  ];

  it.each(commands)('%s > a full disk', async (_name, args) => {
    const r = await runWithStdout(args, fullDisk());
    expect(r.stderr).toMatch(ONE_SENTENCE);
    expect(r.stderr).toContain('Standard output');
    expect(r.code).toBe(4);
  });

  it.each(commands)('%s --output /dev/full', async (_name, args) => {
    const r = await runCli([...args, '--output', '/dev/full'], {
      env: { STRIPE_API_KEY: KEY, STRIPE_API_BASE: fake.url },
    });
    expect(r.stderr).toMatch(ONE_SENTENCE);
    expect(r.stderr).toContain('--output /dev/full');
    expect(r.code).toBe(4);
  });

  it('a read-only --output file: one sentence, exit 2 before any request, the file untouched', async () => {
    const file = join(dir, 'readonly.ndjson');
    writeFileSync(file, 'old\n');
    chmodSync(file, 0o444);
    const before = fake.requests.length;
    const r = await runAgainst(fake, ['audit', '--json', '--output', file]);
    expect(r.stderr).toMatch(/^promo-doctor: --output .*readonly\.ndjson cannot be written: it is read-only\.\n$/);
    expect(r.code).toBe(2);
    expect(fake.requests.length).toBe(before);
    expect(readFileSync(file, 'utf8')).toBe('old\n');
  });

  it('the built binary: audit --json > /dev/full says so and exits 4', async () => {
    const full = openSync('/dev/full', 'w');
    const child = spawn(process.execPath, [BIN, 'audit', '--json', '--at', AT_ISO], {
      cwd: REPO_ROOT,
      env: { NO_COLOR: '1', STRIPE_API_KEY: KEY, STRIPE_API_BASE: fake.url },
      stdio: ['ignore', full, 'pipe'],
    });
    closeSync(full);
    let stderr = '';
    child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(stderr).toMatch(ONE_SENTENCE);
    expect(code).toBe(4);
  });
});

describe('--output is atomic', () => {
  beforeEach(() => {
    for (const name of readdirSync(dir)) rmSync(join(dir, name), { force: true });
  });

  const temporaries = () => readdirSync(dir).filter((name) => name.endsWith('.tmp'));

  it('a good run replaces the file whole, keeps its permissions and leaves no temporary file', async () => {
    const file = join(dir, 'codes.ndjson');
    writeFileSync(file, 'old\n');
    chmodSync(file, 0o640);
    const r = await runAgainst(fake, ['audit', '--json', '--at', AT_ISO, '--output', file]);
    expect(r.code, r.stderr).toBe(0);
    expect(readFileSync(file, 'utf8').trim().split('\n')).toHaveLength(250);
    expect(statSync(file).mode & 0o777).toBe(0o640);
    expect(temporaries()).toEqual([]);
  });

  it('while the run writes, the target still holds the old file: the new one is written beside it', async () => {
    const file = join(dir, 'codes.ndjson');
    writeFileSync(file, 'old\n');
    const seen: string[] = [];
    const unsubscribe = fake.observe(() => {
      seen.push(readFileSync(file, 'utf8'));
    });
    try {
      await runAgainst(fake, ['audit', '--json', '--concurrency', '1', '--at', AT_ISO, '--output', file]);
    } finally {
      unsubscribe();
    }
    // Three pages: the third request came after two pages were written, to the temporary file.
    expect(seen.length).toBeGreaterThanOrEqual(3);
    expect(new Set(seen)).toEqual(new Set(['old\n']));
    expect(readFileSync(file, 'utf8')).not.toBe('old\n');
  });

  it('a run that fails leaves the target as it was and no temporary file', async () => {
    const file = join(dir, 'one.json');
    writeFileSync(file, 'old\n');
    const r = await runCli(['explain', 'test/fixtures/bad-input/does-not-exist.json', '--output', file]);
    expect(r.code).toBe(2);
    // Fails after the command started: nothing answers at --api-base.
    const failed = await runAgainst(await closedPortUrl(), [
      'check',
      'SPRING25',
      '--max-retries',
      '0',
      '--output',
      file,
    ]);
    expect(failed.code, failed.stderr).toBe(3);
    expect(readFileSync(file, 'utf8')).toBe('old\n');
    expect(temporaries()).toEqual([]);
  });

  it('an interrupted HTML report is a complete page that says it was interrupted', async () => {
    const file = join(dir, 'report.html');
    writeFileSync(file, 'old\n');
    const signals = signalSource();
    let pages = 0;
    const unsubscribe = fake.observe(() => {
      if (++pages === 2) signals.send('SIGTERM');
    });
    try {
      const r = await runAgainst(
        fake,
        ['audit', '--format', 'html', '--concurrency', '1', '--at', AT_ISO, '--output', file],
        {
          interrupts: signals.interrupts,
        },
      );
      expect(r.code, r.stderr).toBe(143);
    } finally {
      unsubscribe();
    }
    const html = readFileSync(file, 'utf8');
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).toMatch(/<\/html>\n$/);
    expect(html).toContain('This audit stopped before it read every page');
    expect(temporaries()).toEqual([]);
  });

  it('a device is written in place, never replaced', async () => {
    const r = await runCli(['explain', EXAMPLE, '--output', '/dev/null']);
    expect(r.code).toBe(1);
    expect(statSync('/dev/null').isCharacterDevice()).toBe(true);
    expect(existsSync('/dev/.null.tmp')).toBe(false);
  });
});
