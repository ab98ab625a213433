/**
 * `--output <file>`: what a command writes to stdout goes to a file instead (`-` is stdout).
 * program.ts swaps the file in for stdout around each command's action.
 *
 * Atomic (issue 18, defect 7): a regular file is written to a temporary file beside it
 * (`.<name>.promo-doctor-<pid>-<random>.tmp`, same folder, so the same file system) and
 * renamed over the target only when the command has written everything, after an fsync. A
 * run that is killed, or fails, leaves the target as it was: the old file, or none. An
 * audit stopped by SIGINT/SIGTERM still ends normally (its summary, its resume token), so
 * its report is renamed into place complete, saying it was interrupted. A SIGKILL leaves the
 * temporary file behind (nothing can run then); the target is untouched.
 *
 * What is not a regular file (a terminal, /dev/null, /dev/full, a named pipe) is written in
 * place: renaming over a device would replace it.
 *
 * Before the command runs, the folder must exist and be writable, and an existing target must
 * be writable, so a typo or a read-only file costs no requests (UsageError, exit 2). A write
 * that fails later (a full disk) is a WriteError (exit 4): one sentence, the target untouched.
 */
import { randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { access, open, rename, stat, unlink, type FileHandle } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { Writable } from 'node:stream';
import { UsageError } from '../errors.js';
import { errnoText, WriteError } from './io.js';

function why(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  return code === 'ENOENT'
    ? 'its folder does not exist'
    : code === 'EACCES' || code === 'EPERM'
      ? 'permission denied'
      : code === 'EISDIR'
        ? 'it is a folder'
        : code === 'EROFS'
          ? 'the file system is read-only'
          : errnoText(error);
}

/** Before the run: the name is wrong for an output file. */
function cannotWrite(name: string, error: unknown): UsageError {
  return new UsageError(`--output ${name} cannot be written: ${why(error)}.`);
}

/** During the run: a write, the fsync or the rename failed. */
function writeFailed(name: string, error: unknown, atomic: boolean): WriteError {
  const kept = atomic ? ` ${name} was left as it was.` : '';
  return new WriteError(`--output ${name} could not be written: ${why(error)}.${kept}`, error);
}

/**
 * Never a terminal, so output to it has no colour. `finish()` puts the file in place;
 * `abandon()` removes the temporary file of a run that failed.
 */
export class OutputFile extends Writable {
  readonly isTTY = false;
  private handle: FileHandle | null = null;
  private opening: Promise<FileHandle> | null = null;
  private failed = false;

  /**
   * `path` the target; `temp` the file written and renamed onto it, or null to write the
   * target in place (not a regular file); `mode` the existing target's permissions, kept.
   */
  constructor(
    private readonly path: string,
    private readonly name: string,
    private readonly temp: string | null,
    private readonly mode: number | null,
  ) {
    super();
    // The error reaches the writer through each write's callback; the event would only crash.
    this.on('error', () => {});
  }

  private file(): Promise<FileHandle> {
    if (this.opening === null) {
      // The temporary file is new (wx: never someone else's); a device is opened as it is.
      this.opening =
        this.temp === null
          ? open(this.path, 'w')
          : open(this.temp, 'wx', 0o600).then(async (handle) => {
              // The existing target's permissions, exactly (open's mode passes through the umask).
              await handle.chmod(this.mode ?? 0o666 & ~process.umask());
              return handle;
            });
      this.opening.then(
        (handle) => {
          this.handle = handle;
        },
        () => {},
      );
    }
    return this.opening;
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    this.file()
      .then((handle) => handle.write(chunk))
      .then(
        () => callback(),
        (error: unknown) => {
          this.failed = true;
          callback(writeFailed(this.name, error, this.temp !== null));
        },
      );
  }

  /**
   * Every write on disk, then the temporary file renamed over the target. A command that
   * wrote nothing leaves the target as it was. Throws a WriteError when that fails.
   */
  async finish(): Promise<void> {
    await new Promise<void>((done) => this.end(() => done()));
    if (this.failed) return this.abandon();
    if (this.opening === null) return;
    const handle = await this.opening.catch(() => null);
    if (handle === null) return;
    try {
      if (this.temp !== null) await handle.sync();
      await handle.close();
      this.handle = null;
      if (this.temp !== null) await rename(this.temp, this.path);
    } catch (error) {
      await this.abandon();
      throw writeFailed(this.name, error, this.temp !== null);
    }
  }

  /** The run failed: close and remove the temporary file; the target stays as it was. */
  async abandon(): Promise<void> {
    const handle = this.handle ?? (await this.opening?.catch(() => null)) ?? null;
    this.handle = null;
    await handle?.close().catch(() => {});
    if (this.temp !== null && this.opening !== null) await unlink(this.temp).catch(() => {});
  }
}

/** The file for `--output`, or null for stdout; throws when it cannot hold the output. */
export async function outputFile(name: string | undefined, cwd: string): Promise<OutputFile | null> {
  if (name === undefined || name === '-') return null;
  if (name.trim() === '') throw new UsageError('--output is empty: give a file name, or - for standard output.');
  const path = resolve(cwd, name);
  const folder = dirname(path);
  try {
    const info = await stat(folder);
    if (!info.isDirectory()) throw Object.assign(new Error('not a folder'), { code: 'ENOENT' });
  } catch (error) {
    throw cannotWrite(name, error);
  }
  const existing = await stat(path).catch(() => null);
  if (existing?.isDirectory()) throw cannotWrite(name, Object.assign(new Error('folder'), { code: 'EISDIR' }));
  if (existing !== null && !existing.isFile()) {
    // A device or a pipe: written in place, if it can be written at all.
    await access(path, constants.W_OK).catch((error: unknown) => {
      throw cannotWrite(name, error);
    });
    return new OutputFile(path, name, null, null);
  }
  // A read-only file stays read-only, even for root, whom access() would let through.
  if (existing !== null && (existing.mode & 0o222) === 0)
    throw new UsageError(`--output ${name} cannot be written: it is read-only.`);
  try {
    if (existing !== null) await access(path, constants.W_OK);
    // The temporary file is created beside the target, so the folder must take new files.
    await access(folder, constants.W_OK);
  } catch (error) {
    throw cannotWrite(name, error);
  }
  const temp = join(folder, `.${basename(path)}.promo-doctor-${randomBytes(6).toString('hex')}.tmp`);
  return new OutputFile(path, name, temp, existing === null ? null : existing.mode & 0o7777);
}
