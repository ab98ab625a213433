/**
 * Issue 18, item 11's figures, re-measured (called by bench/run.mjs; BENCH_HOSTILE=0 skips):
 *
 * 1. One JSON value on standard input against the same value from a file, at 10, 25 and 50 MB
 *    (BENCH_STDIN_MB): `explain - --json` with the value piped in 64 KiB pieces, and `explain
 *    <file> --json`. Before the fix stdin grew quadratically (10 MB 0.7 s, 25 MB 3.5 s,
 *    50 MB 11.9 s; a 50 MB file 0.7 s).
 * 2. A 300 MB response body (BENCH_BODY_MB) from a loopback server, chunked, without a
 *    Content-Length: `check` against it, wall time and peak RSS. Before: held whole, 748 MB of
 *    RSS before it failed as JSON. Now: cut at the 32 MiB bound, exit 3 with one sentence.
 *
 * The issue's figures are printed beside ours; they were measured on another machine, so
 * compare the shape (linear or not, bounded or not), not the last digit.
 */
import { spawn } from 'node:child_process';
import { createReadStream, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ISSUE_STDIN = { 10: '0.7 s', 25: '3.5 s', 50: '11.9 s' };
const ISSUE_FILE = { 50: '0.7 s' };

/** A promotion code whose metadata makes it `mb` megabytes: one value, cheap to diagnose. */
function bigValue(mb) {
  const code = JSON.parse(readFileSync(new URL('../examples/promotion-code-2026-10-28.json', import.meta.url), 'utf8'));
  const piece = 'x'.repeat(1000);
  const metadata = {};
  for (let i = 0; i < mb * 1000; i++) metadata[`k${i}`] = piece;
  code.metadata = metadata;
  return JSON.stringify(code, null, 1);
}

/** node <args> with stdin from `stdinFile` (piped in 64 KiB pieces) or none; wall ms, peak RSS KiB, exit code. */
function measure(ROOT, args, { stdinFile = null, env = {} } = {}) {
  return new Promise((resolve, reject) => {
    const gnuTime = existsSync('/usr/bin/time');
    const dir = mkdtempSync(join(tmpdir(), 'promo-bench-'));
    const rssFile = join(dir, 'rss');
    const command = gnuTime ? '/usr/bin/time' : process.execPath;
    const argv = gnuTime ? ['-f', '%M', '-o', rssFile, process.execPath, ...args] : args;
    const started = performance.now();
    const child = spawn(command, argv, {
      cwd: ROOT,
      env: { PATH: process.env.PATH, NO_COLOR: '1', ...env },
      stdio: [stdinFile ? 'pipe' : 'ignore', 'pipe', 'pipe'],
    });
    if (stdinFile) createReadStream(stdinFile, { highWaterMark: 64 * 1024 }).pipe(child.stdin);
    let stderr = '';
    child.stdout.on('data', () => {});
    child.stderr.on('data', (chunk) => {
      if (stderr.length < 2000) stderr += chunk;
    });
    child.on('error', reject);
    child.on('close', (code) => {
      const ms = performance.now() - started;
      let kb = null;
      try {
        kb = Number(/(\d+)\s*$/.exec(readFileSync(rssFile, 'utf8'))?.[1]) || null;
      } catch {}
      rmSync(dir, { recursive: true, force: true });
      resolve({ code, ms, kb, stderr: stderr.trim() });
    });
  });
}

export async function hostileFigures({ ROOT, BIN, table, fmtMs, fmtMb }) {
  const dir = mkdtempSync(join(tmpdir(), 'promo-bench-hostile-'));
  try {
    const sizes = (process.env.BENCH_STDIN_MB ?? '10,25,50')
      .split(',')
      .map(Number)
      .filter((n) => n > 0);
    const rows = [];
    for (const mb of sizes) {
      const file = join(dir, `value-${mb}.json`);
      writeFileSync(file, bigValue(mb));
      const piped = await measure(ROOT, [BIN, 'explain', '-', '--json'], { stdinFile: file });
      const read = await measure(ROOT, [BIN, 'explain', file, '--json']);
      rows.push([
        `${mb} MB`,
        fmtMs(piped.ms),
        ISSUE_STDIN[mb] ?? '',
        fmtMs(read.ms),
        ISSUE_FILE[mb] ?? '',
        fmtMb(piped.kb),
        `${piped.code}/${read.code}`,
      ]);
      rmSync(file, { force: true });
    }
    console.log(
      '\nIssue 18, item 11: one value on standard input against a file (`explain - --json`, 64 KiB pieces):\n',
    );
    console.log(
      table(
        ['value', 'stdin now', 'stdin before', 'file now', 'file before', 'stdin peak RSS', 'exit stdin/file'],
        rows,
        'rrrrrrr',
      ),
    );

    const bodyMb = Number(process.env.BENCH_BODY_MB ?? 300);
    const chunk = Buffer.alloc(1024 * 1024, 0x20);
    const server = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"object":"list","data":[');
      let sent = 0;
      const pump = () => {
        while (sent < bodyMb) {
          sent++;
          if (!res.write(chunk)) return void res.once('drain', pump);
        }
        res.end(']}');
      };
      res.on('close', () => {
        sent = bodyMb;
      });
      pump();
    });
    await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${server.address().port}`;
    const r = await measure(ROOT, [BIN, 'check', 'SPRING25', '--max-retries', '0', '--api-base', url], {
      env: { STRIPE_API_KEY: 'sk_test_bench0000000000' },
    });
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    console.log(`\nIssue 18, item 11: a ${bodyMb} MB response body (\`check\` against a loopback server):\n`);
    console.log(
      table(
        ['', 'wall', 'peak RSS', 'exit', 'says'],
        [
          ['now', fmtMs(r.ms), fmtMb(r.kb), String(r.code), r.stderr.replace(/^promo-doctor: /, '').slice(0, 90)],
          ['before (issue)', '', '748 MB', '3', 'held whole, then "not valid JSON"'],
        ],
        'lrrrl',
      ),
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
