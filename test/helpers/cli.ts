/**
 * Spawn the built binary (bin/promo-doctor, which imports dist/) as a user would: no TTY on
 * any stream, a clean environment with NO_COLOR=1 plus the variables a test gives, and the
 * repository as working directory so `examples/…` paths work.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const BIN = fileURLToPath(new URL('../../bin/promo-doctor', import.meta.url));
export const FIXTURES = fileURLToPath(new URL('../fixtures/', import.meta.url));

export interface CliResult {
  stdout: string;
  stderr: string;
  /** The exit code; null only when the process was killed by a signal. */
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface CliOptions {
  /** Written to standard input, which is then closed. Without it stdin is an empty pipe. */
  stdin?: string | Buffer;
  /** Added to the clean environment; `undefined` removes a variable (NO_COLOR included). */
  env?: Record<string, string | undefined>;
  cwd?: string;
  timeoutMs?: number;
}

export function runCli(args: readonly string[], options: CliOptions = {}): Promise<CliResult> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries({ NO_COLOR: '1', ...options.env })) {
    if (value !== undefined) env[key] = value;
  }
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd: options.cwd ?? REPO_ROOT,
      env,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 15_000);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ stdout: Buffer.concat(stdout).toString('utf8'), stderr: Buffer.concat(stderr).toString('utf8'), code, signal });
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
