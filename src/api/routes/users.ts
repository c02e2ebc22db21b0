import type { FastifyInstance } from 'fastify';
import { addUser } from '../../db/users.js';
import { ROLES, type Role } from '../../domain/roles.js';
import { access } from '../access.js';
import type { ApiDeps } from '../deps.js';
import { errorResponses } from '../schemas.js';

const newUserBody = {
  type: 'object',
  additionalProperties: false,
  required: ['name', 'role'],
  properties: {
    name: { type: 'string', pattern: '^[A-Za-z0-9._@-]{2,64}$' },
    role: { type: 'string', enum: [...ROLES] },
  },
} as const;

const newAccountSchema = {
  type: 'object',
  description: 'The password and API token are shown once: only their hashes are kept.',
  required: ['userId', 'name', 'role', 'password', 'token'],
  properties: {
    userId: { type: 'integer' },
    name: { type: 'string' },
    role: { type: 'string' },
    password: { type: 'string' },
    token: { type: 'string' },
  },
} as const;

export function userRoutes(app: FastifyInstance, { db }: ApiDeps): void {
  app.post<{ Body: { name: string; role: Role } }>(
    '/api/users',
    {
      config: access('POST /api/users'),
      schema: {
        summary: 'Create an account (admin)',
        tags: ['users'],
        body: newUserBody,
        response: { 201: newAccountSchema, ...errorResponses },
      },
    },
    async (request, reply) => {
      const account = await db.transaction().execute((trx) => addUser(trx, request.body.name, request.body.role));
      return reply.status(201).send(account);
    },
  );
}
