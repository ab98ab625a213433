/**
 * The README is part of the interface: its reason table must be the catalogue, its sample
 * output must be what the tool prints, and every command in it that needs no API key must
 * work as written.
 */
import { mkdtempSync, readFileSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CATALOGUE } from '../../src/rules/catalogue.js';
import { BIN, REPO_ROOT, runCli, runShell } from '../helpers/cli.js';

const README = readFileSync(join(REPO_ROOT, 'README.md'), 'utf8');

/** The bodies of the ```sh blocks, one command per line, comments stripped. */
function shellCommands(markdown: string): string[] {
  const blocks = [...markdown.matchAll(/```sh\n([\s\S]*?)```/g)].map((m) => m[1]!);
  return blocks
    .flatMap((block) => block.replace(/\\\n\s*/g, ' ').split('\n'))
    .map((line) => line.replace(/\s+#\s.*$/, '').trim())
    .filter((line) => line !== '');
}

/** Commands a newcomer can run without a key: explain of a shipped file, reasons, --version. */
const KEYLESS = /^(npx )?promo-doctor (explain (examples|test)\/|reasons\b|--version\b)/;

function keylessCommands(): string[] {
  return shellCommands(README).filter((command) => KEYLESS.test(command));
}

function hasJq(): boolean {
  return (process.env.PATH ?? '').split(delimiter).some((dir) => {
    try {
      readFileSync(join(dir, 'jq'));
      return true;
    } catch {
      return false;
    }
  });
}

/** A PATH where `promo-doctor` is this checkout's binary, as after a global install. */
function pathWithBinary(): string {
  const dir = mkdtempSync(join(tmpdir(), 'promo-doctor-readme-'));
  symlinkSync(BIN, join(dir, 'promo-doctor'));
  return `${dir}${delimiter}${process.env.PATH ?? ''}`;
}

function runShellWith(command: string, path: string): ReturnType<typeof runShell> {
  return runShell(command, { cwd: REPO_ROOT, env: { PATH: path, HOME: tmpdir() } });
}

describe('README', () => {
  it('lists every reason code of the catalogue, with its severity, object and title', () => {
    const rows = [...README.matchAll(/^\| `([a-z_]+)` \| (\w+) \| (\w+) \| (.+) \|$/gm)].map((m) => ({
      code: m[1]!,
      severity: m[2],
      object: m[3],
      title: m[4],
    }));
    const catalogue = Object.entries(CATALOGUE).map(([code, e]) => ({
      code,
      severity: e.severity,
      object: e.object,
      title: e.title,
    }));
    expect(rows).toEqual(catalogue);
  });

  it('shows the sample output the tool really prints', async () => {
    const sample = /```\n\$ (promo-doctor explain [^\n]+)\n([\s\S]*?)```/.exec(README);
    expect(sample).not.toBeNull();
    const args = sample![1]!.split(' ').slice(1);
    const { stdout } = await runCli([...args, '--at', '2026-11-22']);
    const shown = sample![2]!.split('\n').filter((line) => line.trim() !== '' && !line.includes('…'));
    for (const line of shown) expect(stdout).toContain(line);
  });

  it('has keyless commands to test', () => {
    expect(keylessCommands().length).toBeGreaterThanOrEqual(6);
  });

  it.each(keylessCommands())('runs as written: %s', async (command) => {
    // jq is not a dependency of the project: where it is missing, run the promo-doctor part.
    const runnable = hasJq() ? command : command.split(' | ')[0]!;
    const { code, stdout, stderr } = await runShellWith(runnable.replace(/^npx /, ''), pathWithBinary());
    expect(stderr).toBe('');
    expect([0, 1]).toContain(code);
    expect(stdout.trim()).not.toBe('');
  });
});

describe('Use it in your app', () => {
  it('shows the checkout example that the consumer project compiles and runs (test/package/package.test.ts)', () => {
    const section = README.slice(README.indexOf('## Use it in your app'));
    const code = /```ts\n([\s\S]*?)```/.exec(section)?.[1];
    expect(code).toBe(readFileSync(join(REPO_ROOT, 'test', 'fixtures', 'consumer', 'src', 'checkout.ts'), 'utf8'));
  });
});
