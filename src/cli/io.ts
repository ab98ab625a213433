/**
 * The process edge: reading the input of `explain`, writing to stdout and stderr.
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { Readable, Writable } from 'node:stream';
import { UsageError } from '../errors.js';

/** Larger than any real Stripe payload or page of them; a guard against `explain /dev/zero`. */
export const MAX_INPUT_BYTES = 64 * 1024 * 1024;

export interface Streams {
  readonly stdin: Readable & { isTTY?: boolean };
  readonly stdout: Writable & { isTTY?: boolean };
  readonly stderr: Writable;
}

function tooLarge(source: string): UsageError {
  return new UsageError(`${source} is larger than ${MAX_INPUT_BYTES / 1024 / 1024} MiB; that is not a Stripe object or list.`);
}

export async function readInput(path: string, stdin: Streams['stdin']): Promise<{ text: string; source: string }> {
  if (path === '') throw new UsageError('explain needs a file name, or - for standard input.');
  if (path === '-') {
    if (stdin.isTTY) throw new UsageError('explain - reads standard input, but nothing is piped in: pipe JSON in, or give a file name.');
    return { text: await readCapped(stdin, 'standard input'), source: 'standard input' };
  }
  let info;
  try {
    info = await stat(path);
  } catch (error) {
    throw fileError(error, path);
  }
  if (info.isDirectory()) throw new UsageError(`${path} is a directory; give a file with Stripe JSON, or - for standard input.`);
  if (info.size > MAX_INPUT_BYTES) throw tooLarge(path);
  try {
    // Read through the cap too: a device or a FIFO reports size 0 and may never end.
    return { text: await readCapped(createReadStream(path), path), source: path };
  } catch (error) {
    throw error instanceof UsageError ? error : fileError(error, path);
  }
}

function fileError(error: unknown, source: string): UsageError {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return new UsageError(`${source} does not exist.`);
  if (code === 'EACCES' || code === 'EPERM') return new UsageError(`${source} cannot be read: permission denied.`);
  if (code === 'EISDIR') return new UsageError(`${source} is a directory; give a file with Stripe JSON, or - for standard input.`);
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

export async function openInput(path: string, stdin: Streams['stdin']): Promise<InputText> {
  if (path === '-') {
    if (stdin.isTTY) throw new UsageError('explain - reads standard input, but nothing is piped in: pipe JSON in, or give a file name.');
    return { source: 'standard input', chunks: decodeUtf8(stdin), live: true };
  }
  const { text, source } = await readInput(path, stdin);
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
 * Write and wait until the stream took it: a large JSON document written just before the
 * process exits can be cut short on a pipe otherwise.
 */
export function write(stream: Writable, text: string): Promise<void> {
  return new Promise((resolve, reject) => {
    stream.write(text, (error) => (error ? reject(error) : resolve()));
  });
}
