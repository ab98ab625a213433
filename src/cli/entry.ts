/**
 * The process shell, and the build's entry point (bin/promo-doctor imports dist/entry.js):
 * the only module that reads `process`. `--version` alone is answered here, before any
 * other module loads, because loading the CLI and commander costs more than the answer
 * (start-up figures in scripts/build.mjs). Everything else builds the Runtime from the
 * process and hands it to main(), which only returns an exit code.
 */
import { VERSION } from './version.js';

const args = process.argv.slice(2);
if (args.length === 1 && (args[0] === '--version' || args[0] === '-v')) {
  process.stdout.write(`${VERSION}\n`);
} else {
  const [{ main }, { systemClock }] = await Promise.all([import('./main.js'), import('../clock.js')]);
  // A closed pipe (`| head -1`) surfaces as a failed write, which main() handles; without
  // a listener Node would also throw it as an 'error' event.
  process.stdout.on('error', () => {});
  process.exitCode = await main(args, {
    stdin: process.stdin,
    stdout: process.stdout,
    stderr: process.stderr,
    env: process.env,
    clock: systemClock,
    cwd: process.cwd(),
    interrupts: (onSignal) => {
      let received = 0;
      const handler = (signal: 'SIGINT' | 'SIGTERM'): void => {
        // A second Ctrl-C means now: the first one is still finishing whole lines.
        if (++received > 1) process.exit(signal === 'SIGINT' ? 130 : 143);
        onSignal(signal);
      };
      process.on('SIGINT', handler);
      process.on('SIGTERM', handler);
      return () => {
        process.off('SIGINT', handler);
        process.off('SIGTERM', handler);
      };
    },
  });
}
