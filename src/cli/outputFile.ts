/**
 * `--output <file>`: what a command writes to stdout goes to a file instead (`-` is stdout).
 * program.ts swaps the file in for stdout around each command's action.
 * The file is created at the first write, so a run refused for bad usage leaves an existing
 * file as it was; its folder is checked before the command runs, so a typo costs no requests.
 */
import { appendFile, stat, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { Writable } from 'node:stream';
import { UsageError } from '../errors.js';

function cannotWrite(name: string, error: unknown): UsageError {
  const code = (error as NodeJS.ErrnoException).code;
  const why =
    code === 'ENOENT'
      ? 'its folder does not exist'
      : code === 'EACCES' || code === 'EPERM'
        ? 'permission denied'
        : code === 'EISDIR'
          ? 'it is a folder'
          : (code ?? 'unknown error');
  return new UsageError(`--output ${name} cannot be written: ${why}.`);
}

/**
 * A file created at the first write and appended to after. Each write opens and closes it,
 * so a run that ends in an error leaves no file handle open (tests run many in one process);
 * the audit writes a page at a time, so that is a thousand opens for 100,000 codes. Never a
 * terminal, so output to it has no colour.
 */
export class OutputFile extends Writable {
  readonly isTTY = false;
  private created = false;

  constructor(
    private readonly path: string,
    private readonly name: string,
  ) {
    super();
    // The error reaches the writer through each write's callback; the event would only crash.
    this.on('error', () => {});
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    const written = this.created ? appendFile(this.path, chunk) : writeFile(this.path, chunk);
    this.created = true;
    written.then(
      () => callback(),
      (error: unknown) => callback(cannotWrite(this.name, error)),
    );
  }

  /** Resolves when every write is on disk. */
  finish(): Promise<void> {
    return new Promise((done) => this.end(() => done()));
  }
}

/** The file for `--output`, or null for stdout; throws when its folder cannot hold it. */
export async function outputFile(name: string | undefined, cwd: string): Promise<OutputFile | null> {
  if (name === undefined || name === '-') return null;
  if (name.trim() === '') throw new UsageError('--output is empty: give a file name, or - for standard output.');
  const path = resolve(cwd, name);
  try {
    const info = await stat(dirname(path));
    if (!info.isDirectory()) throw Object.assign(new Error('not a folder'), { code: 'ENOENT' });
  } catch (error) {
    throw cannotWrite(name, error);
  }
  const existing = await stat(path).catch(() => null);
  if (existing?.isDirectory()) throw cannotWrite(name, Object.assign(new Error('folder'), { code: 'EISDIR' }));
  return new OutputFile(path, name);
}
