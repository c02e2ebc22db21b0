import { z } from 'zod';
import { ROLES } from '../../domain/roles.js';
import { dateTime, errorResponses } from './common.js';

export const sessionSchema = z.object({
  userId: z.number().int(),
  name: z.string(),
  role: z.enum(ROLES),
  org: z.string().nullable().describe('the organisation the user works for'),
  expiresAt: dateTime.nullable(),
  signedInWith: z
    .enum(['password', 'oidc', 'token'])
    .describe("how: a local password, the organisation's identity provider (sign out there too), or an API token"),
});

export const signInBody = z.strictObject({ name: z.string().min(1).max(64), password: z.string().min(1).max(256) });

export const signIn = {
  summary: 'Sign in: sets the session cookie',
  tags: ['session'],
  body: signInBody,
  response: { 200: sessionSchema, ...errorResponses },
};

export const whoAmI = { summary: 'Who am I', tags: ['session'], response: { 200: sessionSchema, ...errorResponses } };

export const signOut = {
  summary: 'Sign out: ends the session and clears its cookie',
  tags: ['session'],
  response: { 204: z.undefined().describe('signed out'), ...errorResponses },
};

export const changePassword = {
  summary: 'Change your own password: proves the current one; your other sessions end',
  tags: ['session'],
  body: z.strictObject({
    currentPassword: z.string().min(1).max(256),
    newPassword: z.string().min(1).max(1024),
  }),
  response: { 204: z.undefined().describe('changed'), ...errorResponses },
};
