/**
 * The context `--for` takes from a live object: a subscription in a trial says the invoice a
 * redemption lands on is a $0 trial invoice (issue 12: "--trial, or a trial on the --for object").
 */
import { describe, expect, it } from 'vitest';
import { objectContext } from '../../src/model/objectContext.js';
import type { JsonObject } from '../../src/model/read.js';
import * as build from '../support/builders.js';

const subscription = (status: 'trialing' | 'active'): JsonObject =>
  build.subscription({ id: 'sub_T1', customer: 'cus_T1', status }) as unknown as JsonObject;

describe('objectContext: a trial on the --for object', () => {
  it('a trialing subscription is a trial', () => {
    expect(objectContext('subscription', subscription('trialing')).trial).toBe(true);
  });

  it('an active subscription is not', () => {
    expect(objectContext('subscription', subscription('active')).trial).toBe(false);
  });
});
