/**
 * The process edge: reading the input of `explain`, writing to stdout and stderr.
 */
import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Readable, Writable } from 'node:stream';
import { InputError, UsageError } from '../errors.js';

/** Larger than any real Stripe payload or page of them; a guard against `explain /dev/zero`. */
export const MAX_INPUT_BYTES = 64 * 1024 * 1024;

export interface Streams {
  readonly stdin: Readable & { isTTY?: boolean };
  readonly stdout: Writable & { isTTY?: boolean; columns?: number };
  readonly stderr: Writable & { isTTY?: boolean; columns?: number };
}

/**
 * SIGINT and SIGTERM, for a command that stops cleanly (the audit): subscribe with a
 * handler, get back the unsubscribe. The process shell provides it; tests may fake it.
 */
export type Interrupts = (onSignal: (signal: 'SIGINT' | 'SIGTERM') => void) => () => void;

function tooLarge(source: string): UsageError {
  return new UsageError(
    `${source} is larger than ${MAX_INPUT_BYTES / 1024 / 1024} MiB; that is not a Stripe object or list.`,
  );
}

/** How a file is opened for reading; a parameter so a test can see whether it was. */
export type OpenFile = (file: string) => Readable;

/** `path` as the user gave it, relative to `cwd`; messages name it as given. */
async function readInput(
  path: string,
  stdin: Streams['stdin'],
  cwd: string,
  openFile: OpenFile,
): Promise<{ text: string; source: string }> {
  if (path === '') throw new UsageError('explain needs a file name, or - for standard input.');
  if (path === '-') {
    if (stdin.isTTY)
      throw new UsageError(
        'explain - reads standard input, but nothing is piped in: pipe JSON in, or give a file name.',
      );
    return { text: await readCapped(stdin, 'standard input'), source: 'standard input' };
  }
  const file = resolve(cwd, path);
  let info: Awaited<ReturnType<typeof stat>>;
  try {
    info = await stat(file);
  } catch (error) {
    const shipped = (error as NodeJS.ErrnoException).code === 'ENOENT' ? await shippedExample(path) : null;
    if (shipped === null) throw fileError(error, path);
    // Messages still name the file as the user gave it, not the install path.
    return { ...(await readInput(shipped, stdin, cwd, openFile)), source: path };
  }
  if (info.isDirectory())
    throw new UsageError(`${path} is a directory; give a file with Stripe JSON, or - for standard input.`);
  if (info.size > MAX_INPUT_BYTES) throw tooLarge(path);
  try {
    // Read through the cap too: a device or a FIFO reports size 0 and may never end.
    return { text: await readCapped(openFile(file), path), source: path };
  } catch (error) {
    throw error instanceof InputError ? error : fileError(error, path);
  }
}

/**
 * `explain examples/<file>` where the current directory has no such file: the example
 * shipped in the package, so the examples of --help and the README work as written from
 * any directory after a global install.
 */
async function shippedExample(path: string): Promise<string | null> {
  const name = /^(?:\.\/)?examples\/([A-Za-z0-9._-]+)$/.exec(path)?.[1];
  if (name === undefined) return null;
  // Bundled (dist/entry.js, dist/chunks/…) or not (src/cli/io.ts): look upwards for the package.
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let depth = 0; depth < 4; depth++, dir = dirname(dir)) {
    try {
      const pkg = JSON.parse(await readFile(join(dir, 'package.json'), 'utf8')) as { name?: unknown };
      if (pkg.name !== 'promo-doctor') continue;
      const candidate = join(dir, 'examples', name);
      await stat(candidate);
      return candidate;
    } catch {}
  }
  return null;
}

function fileError(error: unknown, source: string): UsageError {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return new UsageError(`${source} does not exist.`);
  if (code === 'EACCES' || code === 'EPERM') return new UsageError(`${source} cannot be read: permission denied.`);
  if (code === 'EISDIR')
    return new UsageError(`${source} is a directory; give a file with Stripe JSON, or - for standard input.`);
  return new UsageError(`${source} cannot be read (${code ?? 'unknown error'}).`);
}

async function readCapped(stream: Readable, source: string): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
    size += buffer.length;
    if (size > MAX_INPUT_BYTES) {
      stream.destroy();
      throw tooLarge(source);
    }
    chunks.push(buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * The text of `explain`'s input as it arrives. A file is read whole (it has an end, and a
 * size to check first); standard input is handed on chunk by chunk, so a live tail
 * (`stripe listen --format JSON | promo-doctor explain -`) is diagnosed value by value.
 */
export interface InputText {
  readonly source: string;
  readonly chunks: AsyncIterable<string>;
  /** Standard input: may never end, so each value is diagnosed as it arrives. */
  readonly live: boolean;
}

export async function openInput(
  path: string,
  stdin: Streams['stdin'],
  cwd: string,
  openFile: OpenFile = (file) => createReadStream(file),
): Promise<InputText> {
  if (path === '-') {
    if (stdin.isTTY)
      throw new UsageError(
        'explain - reads standard input, but nothing is piped in: pipe JSON in, or give a file name.',
      );
    return { source: 'standard input', chunks: decodeUtf8(stdin), live: true };
  }
  const { text, source } = await readInput(path, stdin, cwd, openFile);
  return { source, chunks: once(text), live: false };
}

async function* once(text: string): AsyncIterable<string> {
  yield text;
}

/** UTF-8 split across chunk boundaries is joined, not turned into replacement characters. */
async function* decodeUtf8(stream: Readable): AsyncIterable<string> {
  const decoder = new TextDecoder('utf-8');
  for await (const chunk of stream) {
    const text = decoder.decode(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)), { stream: true });
    if (text !== '') yield text;
  }
  const rest = decoder.decode();
  if (rest !== '') yield rest;
}

/** Bytes of UTF-16 text, as the input limit counts them. */
export function byteLength(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}

export { tooLarge as inputTooLarge };

/**
 * The output could not be written (issue 18, defect 2): a full disk, a read-only file system,
 * an I/O error. One sentence on stderr and exit 4 (EXIT.output), for every command. A closed
 * pipe (EPIPE, `| head -1`) is not one: nobody is reading, so nothing is said.
 */
export class WriteError extends Error {
  override readonly name = 'WriteError';
  constructor(
    message: string,
    override readonly cause?: unknown,
  ) {
    super(message);
  }
}

const ERRNO_TEXT: Record<string, string> = {
  ENOSPC: 'no space left on device',
  EDQUOT: 'disk quota exceeded',
  EIO: 'input/output error',
  EROFS: 'read-only file system',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EBADF: 'it is not open for writing',
  EFBIG: 'the file is too large',
};

/** "no space left on device (ENOSPC)": what a write error means, in words. */
export function errnoText(error: unknown): string {
  const code = (error as NodeJS.ErrnoException)?.code;
  if (typeof code !== 'string') return 'unknown error';
  return ERRNO_TEXT[code] ? `${ERRNO_TEXT[code]} (${code})` : code;
}

function isClosedPipe(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException)?.code;
  return code === 'EPIPE' || code === 'ERR_STREAM_DESTROYED';
}

/**
 * Write and wait until the stream took it: a large JSON document written just before the
 * process exits can be cut short on a pipe otherwise. A failed write rejects with a
 * WriteError naming the stream (an --output file names itself), except a closed pipe, which
 * rejects with its own error for the caller to end quietly.
 */
export function write(stream: Writable, text: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const failed = (error: unknown) =>
      reject(
        error instanceof WriteError || isClosedPipe(error)
          ? error
          : new WriteError(`${streamName(stream)} could not be written: ${errnoText(error)}.`, error),
      );
    try {
      stream.write(text, (error) => (error ? failed(error) : resolve()));
    } catch (error) {
      // A synchronous stream (a file as stdout) may throw instead.
      failed(error);
    }
  });
}

function streamName(stream: Writable): string {
  const fd = (stream as { fd?: unknown }).fd;
  return fd === 2 ? 'Standard error' : 'Standard output';
}
