import { z } from 'zod';
import { USER_NAME } from '../../db/users.js';
import { ROLES } from '../../domain/roles.js';
import { dateTime, errorResponses, idParams, recordId, wholeNumber } from './common.js';

const newAccount = z
  .object({
    userId: z.number().int(),
    name: z.string(),
    role: z.string(),
    org: z.string().nullable(),
    password: z.string(),
    token: z.string(),
    tokenExpiresAt: dateTime,
  })
  .describe('The password and API token are shown once: only their hashes are kept.');

export const userSchema = z.object({
  userId: z.number().int(),
  name: z.string(),
  role: z.enum(ROLES),
  createdAt: dateTime,
  disabledAt: dateTime.nullable(),
  passwordChangedAt: dateTime.nullable(),
  liveTokens: z.number().int().describe('tokens neither revoked nor expired'),
  oidcIssuer: z.string().nullable().describe('the identity provider this user signs in through; null: a local account'),
  org: z.string().nullable().describe('the organisation the user works for; for a provider user, the one it names'),
});

export const tokenSchema = z.object({
  tokenId: z.number().int(),
  label: z.string(),
  createdAt: dateTime,
  expiresAt: dateTime,
  revokedAt: dateTime.nullable(),
  status: z.enum(['live', 'expired', 'revoked']),
});

export const addUser = {
  summary: 'Create an account (admin)',
  tags: ['users'],
  body: z.strictObject({
    name: z.string().regex(USER_NAME),
    role: z.enum(ROLES),
    org: z.string().max(16).optional().describe('a registered organisation code (estates orgs add)'),
  }),
  response: { 201: newAccount, ...errorResponses },
};

export const listUsers = {
  summary: 'Every account, with whether it is disabled and how many live tokens it has (admin)',
  tags: ['users'],
  response: { 200: z.array(userSchema), ...errorResponses },
};

export const changeUser = {
  summary: 'Disable or re-enable an account (admin): a disabled user’s sessions end and tokens stop working',
  tags: ['users'],
  params: idParams,
  body: z.strictObject({ disabled: z.boolean() }),
  response: { 200: userSchema, ...errorResponses },
};

export const resetPassword = {
  summary: 'Give an account a new one-time password (admin); its sessions end',
  tags: ['users'],
  params: idParams,
  body: z.strictObject({}).nullish().describe('nothing, or {}: the password is chosen by the server'),
  response: {
    200: z
      .object({ userId: z.number().int(), name: z.string(), password: z.string() })
      .describe('The password is shown once: only its hash is kept.'),
    ...errorResponses,
  },
};

export const listTokens = {
  summary: 'An account’s API tokens, newest first (admin); never the tokens themselves',
  tags: ['users'],
  params: idParams,
  response: { 200: z.array(tokenSchema), ...errorResponses },
};

export const addToken = {
  summary: 'Issue an account a new API token (admin)',
  tags: ['users'],
  params: idParams,
  body: z.strictObject({
    label: z.string().min(1).max(200),
    days: wholeNumber(1, 3650).optional().describe('days it lives; TOKEN_TTL_DAYS (90) when left out'),
  }),
  response: {
    201: z
      .object({ tokenId: z.number().int(), label: z.string(), token: z.string(), expiresAt: dateTime })
      .describe('The token is shown once: only its hash is kept.'),
    ...errorResponses,
  },
};

export const revokeToken = {
  summary: 'Revoke one of an account’s API tokens (admin): refused from the next request on',
  tags: ['users'],
  params: z.strictObject({ id: recordId, tokenId: recordId }),
  response: { 204: z.undefined().describe('revoked'), ...errorResponses },
};

const throttledAddress = z.object({
  address: z.string(),
  failures: z.number().int(),
  lastFailureAt: dateTime,
  nextAttemptAt: dateTime.nullable().describe('when this address may try again; null: now'),
});

export const listThrottle = {
  summary: 'Addresses whose failed sign-ins at this account are being slowed down (admin)',
  tags: ['users'],
  params: idParams,
  response: { 200: z.array(throttledAddress), ...errorResponses },
};

export const liftThrottle = {
  summary: 'Lift the sign-in throttle on an account, from every address (admin)',
  tags: ['users'],
  params: idParams,
  response: { 200: z.object({ cleared: z.number().int().describe('addresses cleared') }), ...errorResponses },
};
