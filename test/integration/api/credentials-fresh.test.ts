import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addUser } from '../../../src/db/users.js';
import { startApiHarness, type ApiHarness } from './harness.js';

// The API keeps who a token belongs to until a user or token changes. Each test uses a token (so
// its caller is kept), changes the credentials the way an administrator would, and expects the
// very next request to be checked against the change.

let h: ApiHarness;
beforeAll(async () => {
  h = await startApiHarness();
});
afterAll(async () => h?.close());

const portfolio = (authorization: string) =>
  h.app.inject({ method: 'GET', url: '/api/portfolio', headers: { authorization } });

describe('API tokens kept in the process', () => {
  it('refuses a token on the first request after it is revoked', async () => {
    const account = await addUser(h.t.db, 'analyst-revoked', 'board');
    const bearer = `Bearer ${account.token}`;
    expect((await portfolio(bearer)).statusCode).toBe(200);
    expect((await portfolio(bearer)).statusCode).toBe(200);
    await sql`UPDATE api_tokens SET revoked_at = now() WHERE user_id = (SELECT id FROM users WHERE name = 'analyst-revoked')`.execute(
      h.t.db,
    );
    expect((await portfolio(bearer)).statusCode).toBe(401);
  });

  it('refuses a disabled user, and applies a changed role, on the next request', async () => {
    const account = await addUser(h.t.db, 'analyst-moved', 'board');
    const bearer = `Bearer ${account.token}`;
    expect((await portfolio(bearer)).statusCode).toBe(200);
    await sql`UPDATE users SET role = 'housing' WHERE name = 'analyst-moved'`.execute(h.t.db);
    const asHousing = await h.app.inject({ method: 'GET', url: '/api/ranked', headers: { authorization: bearer } });
    expect(asHousing.statusCode).toBe(403);
    await sql`UPDATE users SET disabled_at = now() WHERE name = 'analyst-moved'`.execute(h.t.db);
    expect((await portfolio(bearer)).statusCode).toBe(401);
  });

  it('accepts a token issued after the same token text was refused', async () => {
    const unknown = 'Bearer not-yet-a-token';
    expect((await portfolio(unknown)).statusCode).toBe(401);
    const user = await sql<{
      id: number;
    }>`INSERT INTO users (name, role, password_hash) VALUES ('late-token', 'board', 'x') RETURNING id`.execute(h.t.db);
    await sql`INSERT INTO api_tokens (user_id, token_sha256, label, expires_at) VALUES (${user.rows[0]!.id}, encode(sha256('not-yet-a-token'::bytea), 'hex'), 'test', now() + interval '1 day')`.execute(
      h.t.db,
    );
    expect((await portfolio(unknown)).statusCode).toBe(200);
  });
});
