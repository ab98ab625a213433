/**
 * End to end: bad usage and bad input (docs/architecture.md, The JSON document and exit codes and docs/architecture.md, Read-only, secrets and failures). Every case must exit 2 with ONE
 * sentence on stderr that starts with "promo-doctor: ", no stack trace, and nothing on stdout.
 */
import { accessSync, chmodSync, constants, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { assertDiagnosisDocument } from '../helpers/schema.js';
import { FIXTURES, parseJson, runCli, type CliResult } from '../helpers/cli.js';
import { atFlag } from '../helpers/time.js';

const BAD = `${FIXTURES}bad-input/`;
const GOOD = 'examples/promotion-code-2024-06-20.json';
const AT = atFlag('2026-01-15');

interface Case {
  name: string;
  args: string[];
  stdin?: string | Buffer;
  /** What the sentence must say, beyond the common shape. */
  says?: RegExp;
}

/** The common contract of every bad-input case. */
function expectUsageError(r: CliResult, says?: RegExp): void {
  expect(r.code, `exit code (stderr: ${JSON.stringify(r.stderr)})`).toBe(2);
  expect(r.stdout, 'stdout must stay empty').toBe('');
  expect(r.stderr, 'no stack trace').not.toMatch(/\n\s+at /);
  expect(r.stderr, 'one line on stderr').toMatch(/^[^\n]*\n$/);
  expect(r.stderr, 'starts with "promo-doctor: " and ends a sentence').toMatch(/^promo-doctor: \S[^\n]*[.!?)]\n$/);
  expect(r.stderr).not.toContain('\u001b[');
  if (says) expect(r.stderr).toMatch(says);
}

const CASES: Case[] = [
  // Files
  { name: 'missing file', args: ['explain', `${BAD}does-not-exist.json`], says: /does-not-exist\.json does not exist/ },
  { name: 'a directory', args: ['explain', BAD], says: /is a directory/ },
  { name: 'empty file', args: ['explain', `${BAD}empty.json`], says: /is empty/ },
  { name: 'not JSON (one line of text)', args: ['explain', `${BAD}not-json.txt`], says: /not JSON/ },
  { name: 'not JSON (several lines of text)', args: ['explain', `${BAD}not-json-multiline.txt`], says: /not JSON/ },
  {
    name: 'not JSON (a Python True next to a line break)',
    args: ['explain', `${BAD}not-json-python-literal.txt`],
    says: /not JSON/,
  },
  // JSON that is not a Stripe object promo-doctor can explain
  { name: 'a charge', args: ['explain', `${BAD}charge.json`], says: /"charge"/ },
  { name: 'an array', args: ['explain', `${BAD}array.json`], says: /not a Stripe object/ },
  { name: 'the number 42', args: ['explain', `${BAD}number.json`], says: /not a Stripe object/ },
  { name: 'an object without an "object" field', args: ['explain', `${BAD}no-object-field.json`], says: /"object"/ },
  {
    name: 'a promotion code with a field of the wrong type',
    args: ['explain', `${BAD}wrong-field-type.json`],
    says: /"active"/,
  },
  // Standard input
  { name: 'empty standard input', args: ['explain', '-'], stdin: '', says: /standard input is empty/ },
  {
    name: 'binary bytes on stdin (with NUL bytes)',
    args: ['explain', '-'],
    stdin: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d]),
    says: /binary/,
  },
  {
    name: 'binary bytes on stdin (no NUL, with a newline)',
    args: ['explain', '-'],
    stdin: Buffer.from([0xff, 0xfe, 0x0a, 0x80, 0x81, 0x0a, 0xc3]),
  },
  {
    name: 'a non-Stripe JSON array on stdin',
    args: ['explain', '-'],
    stdin: '[1, 2, 3]\n',
    says: /not a Stripe object/,
  },
  // --at
  { name: '--at yesterday', args: ['explain', GOOD, '--at', 'yesterday'], says: /--at "yesterday"/ },
  { name: '--at 2026-13-45', args: ['explain', GOOD, '--at', '2026-13-45'], says: /--at "2026-13-45"/ },
  { name: '--at 2026-02-30 (no such day)', args: ['explain', GOOD, '--at', '2026-02-30'], says: /--at "2026-02-30"/ },
  { name: '--at without a value', args: ['explain', GOOD, '--at'], says: /--at/ },
  // --amount, --currency
  {
    name: '--amount 12.5',
    args: ['explain', GOOD, ...AT, '--amount', '12.5', '--currency', 'usd'],
    says: /--amount "12\.5"/,
  },
  { name: '--amount -3', args: ['explain', GOOD, ...AT, '--amount', '-3', '--currency', 'usd'], says: /--amount "-3"/ },
  {
    name: '--amount abc',
    args: ['explain', GOOD, ...AT, '--amount', 'abc', '--currency', 'usd'],
    says: /--amount "abc"/,
  },
  { name: '--amount without --currency', args: ['explain', GOOD, ...AT, '--amount', '4000'], says: /--currency/ },
  { name: '--currency dollars', args: ['explain', GOOD, ...AT, '--currency', 'dollars'], says: /--currency "dollars"/ },
  { name: '--currency xx', args: ['explain', GOOD, ...AT, '--currency', 'xx'], says: /--currency "xx"/ },
  // --customer, --warn-within
  { name: '--customer bob', args: ['explain', GOOD, ...AT, '--customer', 'bob'], says: /--customer "bob"/ },
  { name: '--warn-within soon', args: ['explain', GOOD, ...AT, '--warn-within', 'soon'], says: /--warn-within "soon"/ },
  // Usage
  { name: 'unknown flag (top level)', args: ['--bogus'], says: /--bogus/ },
  { name: 'unknown flag (explain)', args: ['explain', GOOD, '--bogus'], says: /--bogus/ },
  { name: 'unknown flag (reasons)', args: ['reasons', '--bogus'], says: /--bogus/ },
  { name: 'misspelt flag (explain --jsn)', args: ['explain', GOOD, '--jsn'], says: /--jsn/ },
  { name: 'unknown command', args: ['bogus'], says: /bogus/ },
  { name: 'misspelt command (explian)', args: ['explian', GOOD], says: /explian/ },
  { name: 'missing argument (explain without a file)', args: ['explain'], says: /file/ },
  { name: 'too many arguments (explain a b)', args: ['explain', GOOD, GOOD] },
  { name: 'unknown reason code', args: ['reasons', 'nope'], says: /nope/ },
];

describe('bad input: exit 2, one sentence on stderr, nothing on stdout', () => {
  it.each(CASES)('$name', async ({ args, stdin, says }) => {
    const r = await runCli(args, stdin === undefined ? {} : { stdin });
    expectUsageError(r, says);
  });

  it('no stack trace even with --json', async () => {
    const r = await runCli(['explain', `${BAD}charge.json`, '--json']);
    expectUsageError(r, /"charge"/);
  });
});

describe('an unreadable file (chmod 000)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'promo-doctor-e2e-'));
  const file = join(dir, 'unreadable.json');
  writeFileSync(file, '{"id": "promo_Locked0001", "object": "promotion_code", "code": "LOCKED", "active": true}\n');
  chmodSync(file, 0o000);
  afterAll(() => {
    chmodSync(file, 0o600);
    rmSync(dir, { recursive: true, force: true });
  });

  /** Root (and CAP_DAC_OVERRIDE) reads a mode-000 file anyway: ask the OS, do not guess. */
  function readable(): boolean {
    try {
      accessSync(file, constants.R_OK);
      return true;
    } catch {
      return false;
    }
  }

  it('exit 2 "permission denied" when the OS refuses; read normally when it does not (root)', async () => {
    const r = await runCli(['explain', file, ...AT, '--json']);
    if (readable()) {
      expect(r.code).toBe(0);
      expect(r.stderr).toBe('');
      const doc = parseJson(r.stdout);
      assertDiagnosisDocument(doc);
      expect(doc).toMatchObject({ target: { type: 'promotion_code', id: 'promo_Locked0001' }, verdict: 'redeemable' });
    } else {
      expectUsageError(r, /unreadable\.json cannot be read: permission denied\./);
    }
  });
});

describe('bad usage without a command', () => {
  it('no arguments at all: exit 2 and usage on stderr, nothing on stdout, no internal wording', async () => {
    const r = await runCli([]);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('Usage: promo-doctor');
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(r.stderr).not.toContain('(outputHelp)');
    expect(r.code).toBe(2);
  });
});

describe('what is not bad input', () => {
  it('--help and --version exit 0 on stdout', async () => {
    const help = await runCli(['--help']);
    expect(help.code).toBe(0);
    expect(help.stderr).toBe('');
    expect(help.stdout).toContain('Usage: promo-doctor');
    const version = await runCli(['--version']);
    expect(version.code).toBe(0);
    expect(version.stdout).toMatch(/^\d+\.\d+\.\d+\n$/);
  });

  it('a currency in capitals is a currency', async () => {
    const r = await runCli(['explain', GOOD, ...AT, '--currency', 'USD', '--customer', 'cus_ExampleVip1']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
  });
});
