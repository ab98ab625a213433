/**
 * `explain` on streams of JSON values: NDJSON (`stripe listen --format JSON`), values simply
 * concatenated, a broken value in the middle. And the live tail: the built binary fed line
 * by line on stdin must write each document before it is sent the next line (order, not time).
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { assertDiagnosisDocument } from '../helpers/schema.js';
import { BIN, FIXTURES, REPO_ROOT, parseNdjson, runCli } from '../helpers/cli.js';
import { atFlag } from '../helpers/time.js';

const stream = (name: string) => `${FIXTURES}explain/stream/${name}`;
const AT = atFlag('2026-01-15T00:00:00Z');

interface Doc {
  target: { id: string };
  verdict: string;
  reasons: Array<{ code: string }>;
}

describe('explain a file holding several JSON values', () => {
  it('NDJSON from stripe listen: one document per explained event, other events skipped with a note', async () => {
    const r = await runCli(['explain', stream('listen.ndjson'), ...AT, '--json']);
    expect(r.code, r.stderr).toBe(1);
    const docs = parseNdjson(r.stdout) as Doc[];
    docs.forEach(assertDiagnosisDocument);
    expect(docs.map((d) => [d.target.id, d.verdict])).toEqual([
      ['promo_Example0004', 'redeemable'],
      ['promo_Example0004', 'not_redeemable'],
    ]);
    expect(r.stderr).toBe(
      'promo-doctor: skipped event evt_Charge0001 (charge.succeeded): a "charge" is nothing promo-doctor explains.\n',
    );
  });

  it('concatenated values with a broken one: the others are explained, the broken one reported with its place, exit 2', async () => {
    const r = await runCli(['explain', stream('concatenated-with-a-broken-value.json'), ...AT, '--json']);
    expect(r.code).toBe(2);
    const docs = parseNdjson(r.stdout) as Doc[];
    docs.forEach(assertDiagnosisDocument);
    expect(docs.map((d) => d.target.id)).toEqual(['promo_Example0002', 'promo_Example0004', 'promo_Example0004']);
    const lines = r.stderr.split('\n').filter(Boolean);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(
      /^promo-doctor: .*concatenated-with-a-broken-value\.json, value 3 \(line 47, column 1\) is not JSON \(Unexpected token .*\): "\{\\"id\\": \\"promo_Broken\\", .*…"\.$/,
    );
    // At most ~60 characters of the input are quoted.
    const quoted = /: ("(?:[^"\\]|\\.)*")\.$/.exec(lines[0]!)![1]!;
    expect((JSON.parse(quoted) as string).length).toBeLessThanOrEqual(61);
  });

  it('one pretty document in a file is still one pretty document', async () => {
    const r = await runCli(['explain', `${REPO_ROOT}examples/promotion-code-2024-06-20.json`, ...AT, '--json']);
    expect(r.stdout.startsWith('{\n  "schema_version": 1')).toBe(true);
  });
});

/** Lines of stdout as they arrive; `next()` resolves with the next complete line. */
function lineReader(readable: NodeJS.ReadableStream) {
  let buffered = '';
  const lines: string[] = [];
  let waiting: ((line: string | null) => void) | null = null;
  let ended = false;
  readable.setEncoding('utf8');
  readable.on('data', (chunk: string) => {
    buffered += chunk;
    for (let i = buffered.indexOf('\n'); i !== -1; i = buffered.indexOf('\n')) {
      lines.push(buffered.slice(0, i));
      buffered = buffered.slice(i + 1);
    }
    flush();
  });
  readable.on('end', () => {
    ended = true;
    flush();
  });
  function flush() {
    if (!waiting) return;
    if (lines.length > 0) {
      const resolve = waiting;
      waiting = null;
      resolve(lines.shift()!);
    } else if (ended) {
      const resolve = waiting;
      waiting = null;
      resolve(null);
    }
  }
  return {
    next: () =>
      new Promise<string | null>((resolve) => {
        waiting = resolve;
        flush();
      }),
    pending: () => lines.length + (buffered === '' ? 0 : 1),
  };
}

describe('explain - as a live tail (stripe listen --format JSON | promo-doctor explain - --json)', () => {
  it('writes each document before the next line is sent, goes on past a broken line, exit 2 at the end', {
    timeout: 30_000,
  }, async () => {
    const events = readFileSync(stream('listen.ndjson'), 'utf8').trim().split('\n');
    const child = spawn(process.execPath, [BIN, 'explain', '-', ...AT, '--json'], {
      env: { NO_COLOR: '1' },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => (stderr += chunk));
    const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
    const out = lineReader(child.stdout);

    // First event: its document must arrive while stdin is still open and nothing else was sent.
    child.stdin.write(`${events[0]}\n`);
    const first = JSON.parse((await out.next())!) as Doc;
    assertDiagnosisDocument(first);
    expect(first.target.id).toBe('promo_Example0004');
    expect(first.verdict).toBe('redeemable');

    // A broken line: reported on stderr, nothing on stdout, the tail goes on.
    child.stdin.write('{"id": "evt_Broken", "object": "event", "data": \n');
    // Then the deactivation event: its document comes out before anything more is sent.
    child.stdin.write(`${events[2]}\n`);
    const second = JSON.parse((await out.next())!) as Doc;
    assertDiagnosisDocument(second);
    expect(second.reasons.map((r) => r.code)).toEqual(['promotion_code_inactive']);
    expect(out.pending()).toBe(0);

    child.stdin.end();
    expect(await out.next()).toBeNull();
    expect(await exited).toBe(2);
    expect(stderr).toMatch(
      /^promo-doctor: standard input, value 2 \(line 2, column 1\) is not JSON \(cut short: a new value starts before it closes\): "\{\\"id\\": \\"evt_Broken\\", .*"\.\n$/,
    );
  });

  it('a character split between two writes is read whole', { timeout: 30_000 }, async () => {
    const line = Buffer.from(
      `${JSON.stringify({ id: 'promo_Utf8', object: 'promotion_code', code: 'CAFÉ', active: true, coupon: 'C' })}\n`,
    );
    const cut = line.indexOf(Buffer.from('É')) + 1; // inside the two bytes of É
    const child = spawn(process.execPath, [BIN, 'explain', '-', ...AT, '--json'], {
      env: { NO_COLOR: '1' },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    const out = lineReader(child.stdout);
    child.stdin.write(line.subarray(0, cut));
    child.stdin.write(line.subarray(cut));
    const doc = JSON.parse((await out.next())!) as { target: { code: string } };
    expect(doc.target.code).toBe('CAFÉ');
    child.stdin.end();
    expect(await out.next()).toBeNull();
  });
});
