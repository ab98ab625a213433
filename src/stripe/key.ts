/**
 * The API key: where it comes from, what kind and mode it is, and how it may be shown.
 * The key itself never appears in any output; `maskKey` is the only form that does.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { StripeSettingsError } from './settingsError.js';

/** Where the key came from, as error messages and --debug name it. */
export type KeySource = '--api-key' | 'STRIPE_API_KEY' | 'STRIPE_SECRET_KEY' | `the Stripe CLI profile ${string}`;

export interface ApiKey {
  readonly value: string;
  readonly source: KeySource;
  /** The file the key was read from, for --debug; absent for flags and variables. */
  readonly file?: string;
  readonly kind: 'secret' | 'restricted';
  readonly mode: 'test' | 'live';
}

/**
 * What messages may say about the key a reader uses. A Stripe client handed to the library
 * does not reveal its key, so kind and mode may be unknown there.
 */
export interface KeyFacts {
  readonly source: string;
  readonly kind: 'secret' | 'restricted' | null;
  readonly mode: 'test' | 'live' | null;
}

/** Anything shaped like a Stripe API key, wherever it appears (src/cli refuses one out of place). */
export function looksLikeApiKey(text: string): boolean {
  return /\b(sk|rk|pk)_(test|live)_[A-Za-z0-9]{8,}/.test(text);
}

/** "sk_test_…abcd": the prefix and the last four characters, as Stripe's Dashboard shows keys. */
export function maskKey(key: string): string {
  const prefix = /^[a-z]{2}_[a-z]+_/.exec(key)?.[0] ?? key.slice(0, 3);
  return `${prefix}…${key.slice(-4)}`;
}

const NO_KEY =
  'No Stripe API key: set STRIPE_API_KEY to a secret or restricted key with read permissions, or run `stripe login` (its test-mode key is used) (or use explain, which needs no key).';

/** A key as given, with the name messages use for where it came from. */
export interface GivenKey {
  readonly source: KeySource;
  readonly value: string;
}

/** A given key, checked: a secret or restricted key, of test or live mode. */
export function apiKeyFrom(given: GivenKey): ApiKey {
  const { source } = given;
  const value = given.value.trim();
  const match = /^(sk|rk|pk)_(test|live)_[A-Za-z0-9]+$/.exec(value);
  if (!match) {
    throw new StripeSettingsError(
      `The API key from ${source} is not a Stripe key: expected sk_test_…, sk_live_…, rk_test_… or rk_live_….`,
    );
  }
  if (match[1] === 'pk') {
    throw new StripeSettingsError(
      `The API key from ${source} is a publishable key (pk_), which cannot read promotion codes: use a secret (sk_) or restricted (rk_) key with read permissions.`,
    );
  }
  return { value, source, kind: match[1] === 'sk' ? 'secret' : 'restricted', mode: match[2] as 'test' | 'live' };
}

/** The `stripe login` to read a test-mode key from when no key is given. */
export interface LoginLookup {
  /** The Stripe CLI profile: its own order is --project-name, STRIPE_PROJECT_NAME, `default`. */
  readonly profile: string;
  /** Its config.toml (see stripeCliConfigPath); null when there is no home to find it in. */
  readonly file: string | null;
  /** Epoch milliseconds, to judge `test_mode_key_expires_at`. */
  readonly now: number;
}

export interface KeySettings {
  /** The first key given (flag, then variables), or null when none is. */
  readonly given: GivenKey | null;
  /** Without a key given: the login to read one from. */
  readonly login: () => LoginLookup;
}

/**
 * The key given; without one, the test-mode key that `stripe login` stored. Live keys from
 * `stripe login` sit in the OS keyring and the file holds only a redacted copy
 * (stripe/stripe-cli, pkg/config/profile.go, writeProfile): the keyring is never read, so
 * live mode needs STRIPE_API_KEY.
 */
export async function resolveApiKeyOrLogin(settings: KeySettings): Promise<ApiKey> {
  if (settings.given) return apiKeyFrom(settings.given);
  const { profile, file, now } = settings.login();
  if (file === null) throw new StripeSettingsError(NO_KEY);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') throw new StripeSettingsError(NO_KEY);
    throw new StripeSettingsError(
      `The Stripe CLI configuration ${file} cannot be read (${code ?? 'unknown error'}); set STRIPE_API_KEY instead.`,
    );
  }
  return keyFromStripeCliConfig(text, { profile, file, now });
}

/**
 * Where `stripe login` writes: $XDG_CONFIG_HOME/stripe/config.toml, else
 * ~/.config/stripe/config.toml (stripe/stripe-cli, pkg/config/config.go, GetConfigFolder).
 * HOME comes from the environment the program was given, never from the process.
 */
export function stripeCliConfigPath(env: Record<string, string | undefined>): string | null {
  const xdg = env.XDG_CONFIG_HOME?.trim();
  if (xdg) return join(xdg, 'stripe', 'config.toml');
  const home = env.HOME?.trim();
  return home ? join(home, '.config', 'stripe', 'config.toml') : null;
}

/**
 * The Stripe CLI's own key validator (stripe/stripe-cli, pkg/validators/validate.go, APIKey):
 * at least 12 characters, at least three `_`-separated parts, the first `sk` or `rk`. Any
 * middle part passes there, so it does here. The characters are kept to those of a key, as
 * the key goes into an HTTP header (a redacted `rk_live_****` copy is no key).
 */
export function stripeCliAcceptsKey(key: string): boolean {
  const parts = key.split('_');
  return (
    key.length >= 12 && parts.length >= 3 && (parts[0] === 'sk' || parts[0] === 'rk') && /^[A-Za-z0-9_]+$/.test(key)
  );
}

interface ConfigPlace {
  readonly profile: string;
  readonly file: string;
  readonly now: number;
}

const DAY_MS = 86_400_000;

/**
 * The test-mode key of one profile of a Stripe CLI config.toml. The TOML parser is imported
 * here, not at the top: main.ts imports this module at start-up, and only a run without a key
 * needs the parser.
 */
export async function keyFromStripeCliConfig(text: string, place: ConfigPlace): Promise<ApiKey> {
  const { parse: parseToml } = await import('smol-toml');
  const source = `the Stripe CLI profile ${place.profile}` as const;
  const liveHint =
    'for live mode, set STRIPE_API_KEY (promo-doctor never reads the keyring where `stripe login` keeps live keys)';
  let doc: Record<string, unknown>;
  try {
    doc = parseToml(text) as Record<string, unknown>;
  } catch {
    throw new StripeSettingsError(
      `The Stripe CLI configuration ${place.file} is not valid TOML; run \`stripe login\` again, or set STRIPE_API_KEY.`,
    );
  }
  const table = doc[place.profile];
  if (typeof table !== 'object' || table === null || Array.isArray(table)) {
    throw new StripeSettingsError(
      `No Stripe API key: ${place.file} has no profile "${place.profile}"; run \`stripe login${place.profile === 'default' ? '' : ` --project-name ${place.profile}`}\`, or set STRIPE_API_KEY.`,
    );
  }
  const fields = table as Record<string, unknown>;
  // Older logins wrote the test key as `secret_key` or `api_key`, which the CLI still reads
  // (stripe/stripe-cli, pkg/config/profile.go, GetAPIKey).
  const raw = [fields.test_mode_api_key, fields.secret_key, fields.api_key].find(
    (v) => typeof v === 'string' && v.trim() !== '',
  );
  if (typeof raw !== 'string') {
    throw new StripeSettingsError(
      `No Stripe API key: ${source} in ${place.file} has no test_mode_api_key; run \`stripe login\` again, or ${liveHint}.`,
    );
  }
  const value = raw.trim();
  if (!stripeCliAcceptsKey(value)) {
    throw new StripeSettingsError(
      `The test key from ${source} is not a secret (sk_) or restricted (rk_) key; run \`stripe login\` again, or set STRIPE_API_KEY.`,
    );
  }
  const expires = fields.test_mode_key_expires_at;
  // The CLI writes a plain date, 90 days after login, and parses it as midnight UTC
  // (stripe/stripe-cli, pkg/config/profile.go, DateStringFormat and GetExpiresAt).
  const expiresText =
    typeof expires === 'string' ? expires.trim() : expires instanceof Date ? expires.toISOString().slice(0, 10) : null;
  if (expiresText !== null && /^\d{4}-\d{2}-\d{2}$/.test(expiresText)) {
    const expiresAt = Date.parse(`${expiresText}T00:00:00Z`);
    if (place.now >= expiresAt) {
      const days = Math.floor((place.now - expiresAt) / DAY_MS);
      const ago = days === 0 ? 'today' : days === 1 ? '1 day ago' : `${days} days ago`;
      throw new StripeSettingsError(
        `The test key from ${source} expired on ${expiresText} (${ago}); run \`stripe login\` to renew it, or set STRIPE_API_KEY.`,
      );
    }
  }
  return { value, source, file: place.file, kind: value.startsWith('rk_') ? 'restricted' : 'secret', mode: 'test' };
}
