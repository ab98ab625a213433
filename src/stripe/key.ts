/**
 * The API key: where it comes from, what kind and mode it is, and how it may be shown.
 * The key itself never appears in any output; `maskKey` is the only form that does.
 */
import { UsageError } from '../errors.js';

type KeySource = '--api-key' | 'STRIPE_API_KEY' | 'STRIPE_SECRET_KEY';

export interface ApiKey {
  readonly value: string;
  readonly source: KeySource;
  readonly kind: 'secret' | 'restricted';
  readonly mode: 'test' | 'live';
}

/** Anything shaped like a Stripe API key, wherever it appears. */
function looksLikeApiKey(text: string): boolean {
  return /\b(sk|rk|pk)_(test|live)_[A-Za-z0-9]{8,}/.test(text);
}

/**
 * A key given where an id, a code or a file name belongs (a swapped shell variable) would be
 * sent in a URL and echoed in errors. Refuse it before anything is sent or printed, without
 * repeating it. Only --api-key may carry a key.
 */
export function refuseMisplacedKey(argv: readonly string[]): void {
  argv.forEach((arg, i) => {
    if (arg === '--api-key' || arg.startsWith('--api-key=') || argv[i - 1] === '--api-key') return;
    if (looksLikeApiKey(arg)) {
      throw new UsageError(
        `Argument ${i + 1} looks like a Stripe API key where an id, a code or a file name belongs; keys go in STRIPE_API_KEY (or --api-key), and this one was not sent anywhere.`,
      );
    }
  });
}

/** "sk_test_…abcd": the prefix and the last four characters, as Stripe's Dashboard shows keys. */
export function maskKey(key: string): string {
  const prefix = /^[a-z]{2}_(test|live)_/.exec(key)?.[0] ?? key.slice(0, 3);
  return `${prefix}…${key.slice(-4)}`;
}

export function resolveApiKey(flag: string | undefined, env: Record<string, string | undefined>): ApiKey {
  const candidates: Array<[KeySource, string | undefined]> = [
    ['--api-key', flag],
    ['STRIPE_API_KEY', env.STRIPE_API_KEY],
    ['STRIPE_SECRET_KEY', env.STRIPE_SECRET_KEY],
  ];
  if (flag !== undefined && flag.trim() === '') throw new UsageError('--api-key is empty: give a key, or leave the flag out and set STRIPE_API_KEY.');
  const found = candidates.find(([, value]) => value !== undefined && value.trim() !== '');
  if (!found) {
    throw new UsageError(
      'No Stripe API key: set STRIPE_API_KEY to a secret or restricted key with read permissions (or use explain, which needs no key).',
    );
  }
  const [source, raw] = found;
  const value = raw!.trim();
  const match = /^(sk|rk|pk)_(test|live)_[A-Za-z0-9]+$/.exec(value);
  if (!match) {
    throw new UsageError(`The API key from ${source} is not a Stripe key: expected sk_test_…, sk_live_…, rk_test_… or rk_live_….`);
  }
  if (match[1] === 'pk') {
    throw new UsageError(
      `The API key from ${source} is a publishable key (pk_), which cannot read promotion codes: use a secret (sk_) or restricted (rk_) key with read permissions.`,
    );
  }
  return { value, source, kind: match[1] === 'sk' ? 'secret' : 'restricted', mode: match[2] as 'test' | 'live' };
}
