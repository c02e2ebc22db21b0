/**
 * Drops a database, waiting out what briefly holds it: an autovacuum worker busy after a large
 * load cannot be terminated by a non-superuser (`must be a member of the role whose process is
 * being terminated`), and finishes within seconds. Any other failure is thrown at once.
 */
export async function dropDatabaseWhenFree(
  execute: (sql: string) => Promise<unknown>,
  name: string,
  attempts = 15,
): Promise<void> {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new RangeError(`not a plain database name: ${name}`);
  for (let attempt = 1; ; attempt++) {
    try {
      await execute(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      return;
    } catch (e) {
      const code = (e as { code?: string }).code;
      const busy = code === '42501' || code === '55006';
      if (!busy || attempt >= attempts) throw e;
      await new Promise((resolve) => setTimeout(resolve, 500 * attempt));
    }
  }
}
