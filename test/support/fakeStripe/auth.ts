import { invalidApiKey, missingApiKey, permissionDenied, publishableKeyUsed, type KeyMode } from './errors.js';
import { specForCollection, type CollectionName } from './schema.js';

export interface KeySpec {
  mode: KeyMode;
  /** Restricted key permissions, e.g. 'promotion_codes:read' or Stripe's 'rak_promotion_code_read'. Absent = full access. */
  permissions?: string[];
}

export interface Caller {
  key: string;
  mode: KeyMode;
  /** Undefined for a full-access secret key. */
  permissions: ReadonlySet<string> | undefined;
}

/**
 * Reads the API key the way Stripe accepts it: `Authorization: Bearer <key>`
 * (what stripe-node sends) or HTTP Basic with the key as user name (curl -u).
 */
export function authenticate(authorization: string | undefined, keys: Readonly<Record<string, KeySpec>>): Caller {
  const key = apiKeyFrom(authorization);
  if (key === undefined || key === '') throw missingApiKey();
  const spec = keys[key];
  if (spec === undefined) throw invalidApiKey(key);
  if (key.startsWith('pk_')) throw publishableKeyUsed();
  return { key, mode: spec.mode, permissions: spec.permissions === undefined ? undefined : new Set(spec.permissions) };
}

/** Throws Stripe's 403 when a restricted key may not read `collection`. */
export function authorizeRead(caller: Caller, collection: CollectionName, accountId: string): void {
  const permission = specForCollection(collection).permission;
  if (caller.permissions === undefined || permission === null) return;
  const granting = [
    `${permission.short}:read`,
    `${permission.short}:write`, // write implies read, as in the Dashboard
    `${permission.rak}_read`,
    `${permission.rak}_write`,
  ];
  if (!granting.some((name) => caller.permissions?.has(name))) {
    throw permissionDenied(caller.key, accountId, `${permission.rak}_read`);
  }
}

function apiKeyFrom(authorization: string | undefined): string | undefined {
  if (authorization === undefined) return undefined;
  const bearer = /^Bearer\s+(.*)$/i.exec(authorization);
  if (bearer !== null) return bearer[1]?.trim();
  const basic = /^Basic\s+(.*)$/i.exec(authorization);
  if (basic !== null) {
    const decoded = Buffer.from(basic[1] ?? '', 'base64').toString('utf8');
    return decoded.split(':')[0];
  }
  return undefined;
}
