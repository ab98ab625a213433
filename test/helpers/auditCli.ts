/**
 * Running `promo-doctor audit` against a fake Stripe API from a test: the built binary,
 * spawned asynchronously (the fake serves from the test's own event loop, so a synchronous
 * spawn would deadlock), with the key and API base in the environment, no TTY, NO_COLOR=1.
 *
 * Each chunk of stdout is kept with the time it arrived, on the fake's clock
 * (performance.timeOrigin + performance.now()), so a test can tell whether output was
 * streamed before the last page was requested.
 */
import { spawn } from 'node:child_process';
import { DEFAULT_KEY, type FakeStripe } from '../support/fakeStripe.js';
import { BIN, REPO_ROOT, type CliResult } from './cli.js';

export interface TimedChunk {
  readonly at: number;
  readonly text: string;
}

export interface AuditResult extends CliResult {
  readonly stdoutChunks: readonly TimedChunk[];
  /** When the process closed, on the fake's clock. */
  readonly closedAt: number;
}

export interface AuditRunOptions {
  readonly env?: Record<string, string | undefined>;
  readonly timeoutMs?: number;
}

export const clock = (): number => performance.timeOrigin + performance.now();

export function runAgainst(fake: FakeStripe, args: readonly string[], options: AuditRunOptions = {}): Promise<AuditResult> {
  const env: Record<string, string> = {};
  const wanted = { NO_COLOR: '1', STRIPE_API_KEY: DEFAULT_KEY, STRIPE_API_BASE: fake.url, ...options.env };
  for (const [key, value] of Object.entries(wanted)) if (value !== undefined) env[key] = value;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: REPO_ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    const stdoutChunks: TimedChunk[] = [];
    const stderr: Buffer[] = [];
    const stdout: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => {
      stdout.push(chunk);
      stdoutChunks.push({ at: clock(), text: chunk.toString('utf8') });
    });
    child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 20_000);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({
        stdout: Buffer.concat(stdout).toString('utf8'),
        stderr: Buffer.concat(stderr).toString('utf8'),
        code,
        signal,
        stdoutChunks,
        closedAt: clock(),
      });
    });
  });
}

/** `promo-doctor audit <args>` against the fake (tests pass `--at AUDIT_AT_ISO` themselves). */
export function audit(fake: FakeStripe, args: readonly string[], options?: AuditRunOptions): Promise<AuditResult> {
  return runAgainst(fake, ['audit', ...args], options);
}

/** RFC 4180 CSV -> rows of fields (quoted fields may hold commas, quotes and line breaks). */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
      continue;
    }
    if (c === '"') {
      if (field !== '') throw new Error(`CSV: a quote inside an unquoted field at ${i}`);
      quoted = true;
    } else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
    } else if (c === '\n') {
      throw new Error(`CSV: a bare LF at ${i} (records end in CRLF)`);
    } else field += c;
  }
  if (quoted) throw new Error('CSV: unterminated quoted field');
  if (field !== '' || row.length > 0) throw new Error('CSV: the last record does not end in CRLF');
  return rows;
}
