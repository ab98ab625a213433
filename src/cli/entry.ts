/**
 * The build's entry point (bin/promo-doctor imports dist/entry.js). `--version` alone is
 * answered here, before any other module loads: the start-up budget wants it within 1.5x
 * of `node -e 0` (docs/architecture.md, "Requests, cost and start-up"), and loading the CLI
 * shell and commander costs more than that. Everything else goes to the process shell in
 * main.ts.
 */
import { VERSION } from './version.js';

const args = process.argv.slice(2);
if (args.length === 1 && (args[0] === '--version' || args[0] === '-v')) {
  process.stdout.write(`${VERSION}\n`);
} else {
  await import('./main.js');
}
