import { z } from 'zod';
import { USER_NAME } from '../../db/users.js';
import { ROLES } from '../../domain/roles.js';
import { errorResponses } from './common.js';

const newAccount = z
  .object({ userId: z.number().int(), name: z.string(), role: z.string(), password: z.string(), token: z.string() })
  .describe('The password and API token are shown once: only their hashes are kept.');

export const addUser = {
  summary: 'Create an account (admin)',
  tags: ['users'],
  body: z.strictObject({ name: z.string().regex(USER_NAME), role: z.enum(ROLES) }),
  response: { 201: newAccount, ...errorResponses },
};
