/**
 * The two ways a test runs the CLI.
 *
 * `runCli` (nearly every test): `main()` from src/cli/main.ts, in this process, with fake
 * streams: stdin from `options.stdin` (an empty stream without it), no TTY unless the test
 * says so, stdout and stderr collected, a clean environment with NO_COLOR=1 plus the
 * variables a test gives, the repository as working directory, and a virtual clock
 * (test/helpers/clock.ts), so waits cost no real time.
 *
 * `spawnCli` (the spawn smoke tests only): the built binary (bin/promo-doctor, which imports
 * dist/), as a user runs it, for what only a process shows: exit codes set by entry.ts,
 * --version answered before anything loads, a closed pipe, signals, the packed install.
 *
 * Both resolve to the same { stdout, stderr, code, signal }. A fake Stripe API serves from
 * this process's event loop, so the binary is always spawned asynchronously.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { Readable, Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import type { Clock } from '../../src/clock.js';
import type { Interrupts } from '../../src/cli/io.js';
import { main } from '../../src/cli/main.js';
import { VirtualClock } from './clock.js';

export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const BIN = fileURLToPath(new URL('../../bin/promo-doctor', import.meta.url));
export const FIXTURES = fileURLToPath(new URL('../fixtures/', import.meta.url));

export interface CliResult {
  stdout: string;
  stderr: string;
  /** The exit code; null only when a spawned process was killed by a signal. */
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface CliOptions {
  /** Written to standard input, which is then closed. Without it stdin is empty. */
  stdin?: string | Buffer;
  /** Added to the clean environment; `undefined` removes a variable (NO_COLOR included). */
  env?: Record<string, string | undefined>;
  cwd?: string;
  /** spawnCli only: killed after this long (default 15 s). */
  timeoutMs?: number;
  /** runCli only: the clock (default: a fresh VirtualClock at the real time). */
  clock?: Clock;
  /** spawnCli only: close stdout after its first chunk, as `| head -1` does once it has its line. */
  closeStdoutEarly?: boolean;
  /** spawnCli only: the child process, as soon as it is spawned (to send it signals). */
  onSpawn?: (child: ChildProcess) => void;
  /** runCli only: which streams claim to be a terminal (default none). */
  tty?: { stdin?: boolean; stdout?: boolean; stderr?: boolean };
  /** runCli only: each stdout write is appended here, for order assertions (see RunEvent). */
  events?: RunEvent[];
  /** runCli only: SIGINT and SIGTERM as the test sends them (see signalSource). */
  interrupts?: Interrupts;
}

/** Signals for an in-process run: `send` delivers one to whoever subscribed. */
export function signalSource(): { interrupts: Interrupts; send(signal: 'SIGINT' | 'SIGTERM'): void } {
  const handlers = new Set<(signal: 'SIGINT' | 'SIGTERM') => void>();
  return {
    interrupts: (onSignal) => {
      handlers.add(onSignal);
      return () => handlers.delete(onSignal);
    },
    send: (signal) => {
      for (const handler of handlers) handler(signal);
    },
  };
}

/** One thing that happened during a run, in the order it happened. */
export type RunEvent =
  | { readonly kind: 'stdout'; readonly text: string }
  | { readonly kind: 'request'; readonly path: string; readonly at: number };

function cleanEnv(extra: Record<string, string | undefined> | undefined): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries({ NO_COLOR: '1', ...extra })) {
    if (value !== undefined) env[key] = value;
  }
  return env;
}

/** A Writable that keeps what it is given, optionally logging each write as an event. */
function collector(isTTY: boolean, onWrite?: (text: string) => void): Writable & { isTTY: boolean; text(): string } {
  // Strings are kept as strings (decodeStrings: false): an audit writes thousands of lines, and
  // turning each into a Buffer and back was a second of the suite.
  const chunks: string[] = [];
  const decoder = new TextDecoder('utf-8');
  const stream = new Writable({
    decodeStrings: false,
    write(chunk: Buffer | string, _encoding, callback) {
      const text = typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true });
      chunks.push(text);
      onWrite?.(text);
      callback();
    },
  });
  return Object.assign(stream, { isTTY, columns: 80, text: () => chunks.join('') });
}

export async function runCli(args: readonly string[], options: CliOptions = {}): Promise<CliResult> {
  const stdin = Object.assign(
    Readable.from(options.stdin === undefined || options.stdin.length === 0 ? [] : [Buffer.from(options.stdin)]),
    {
      isTTY: options.tty?.stdin ?? false,
    },
  );
  const events = options.events;
  const stdout = collector(
    options.tty?.stdout ?? false,
    events ? (text) => events.push({ kind: 'stdout', text }) : undefined,
  );
  const stderr = collector(options.tty?.stderr ?? false);
  const code = await main([...args], {
    stdin,
    stdout,
    stderr,
    env: cleanEnv(options.env),
    clock: options.clock ?? new VirtualClock(),
    cwd: options.cwd ?? REPO_ROOT,
    ...(options.interrupts ? { interrupts: options.interrupts } : {}),
  });
  return { stdout: stdout.text(), stderr: stderr.text(), code, signal: null };
}

export function spawnCli(args: readonly string[], options: CliOptions = {}): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd: options.cwd ?? REPO_ROOT,
      env: cleanEnv(options.env),
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    options.onSpawn?.(child);
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => {
      stdout.push(chunk);
      if (options.closeStdoutEarly) child.stdout.destroy();
    });
    child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 15_000);
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
      });
    });
    // A process that exits before reading its stdin makes the write fail with EPIPE: not our concern.
    child.stdin.on('error', () => {});
    child.stdin.end(options.stdin ?? '');
  });
}

/** `--json` output parsed; throws with the raw text when it is not one JSON document. */
export function parseJson(stdout: string): unknown {
  try {
    return JSON.parse(stdout) as unknown;
  } catch (error) {
    throw new Error(`stdout is not one JSON document (${(error as Error).message}):\n${stdout}`);
  }
}

/** NDJSON output: one parsed document per line; the text must end with a newline. */
export function parseNdjson(stdout: string): unknown[] {
  if (!stdout.endsWith('\n')) throw new Error(`NDJSON output does not end with a newline:\n${stdout}`);
  return stdout
    .slice(0, -1)
    .split('\n')
    .map((line, i) => {
      try {
        return JSON.parse(line) as unknown;
      } catch (error) {
        throw new Error(`line ${i + 1} is not a JSON document (${(error as Error).message}): ${line}`);
      }
    });
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

/** A command line as a user types it (`bash -o pipefail -c`), with no colour; `env` is all the environment it gets. */
export function runShell(
  command: string,
  options: { cwd: string; env: Record<string, string> },
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('bash', ['-o', 'pipefail', '-c', command], {
      cwd: options.cwd,
      env: { NO_COLOR: '1', ...options.env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}
