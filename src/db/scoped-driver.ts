import {
  CompiledQuery,
  PostgresDialect,
  type DatabaseConnection,
  type Driver,
  type QueryResult,
  type TransactionSettings,
} from 'kysely';
import type { DbScope } from './scope.js';

/** The statement that puts a scope in force until the end of the transaction it runs in. */
const scopeStatement = (scope: DbScope): CompiledQuery =>
  CompiledQuery.raw(
    "SELECT set_config('estates.actor', $1, true), set_config('estates.org', $2, true), set_config('estates.user', $3, true)",
    [scope.actor, scope.org ?? '', scope.user ?? ''],
  );

/**
 * A connection that never runs a statement outside a transaction carrying its scope: inside one
 * the scope was set when it began; a lone statement gets a transaction of its own (BEGIN, scope,
 * statement, COMMIT), so a setting can never outlive its statement on a pooled connection.
 */
class ScopedConnection implements DatabaseConnection {
  inTransaction = false;

  constructor(
    readonly inner: DatabaseConnection,
    readonly scope: DbScope,
  ) {}

  async executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    if (this.inTransaction) return this.inner.executeQuery<R>(query);
    await this.inner.executeQuery(CompiledQuery.raw('BEGIN'));
    try {
      await this.inner.executeQuery(scopeStatement(this.scope));
      const result = await this.inner.executeQuery<R>(query);
      await this.inner.executeQuery(CompiledQuery.raw('COMMIT'));
      return result;
    } catch (e) {
      await this.inner.executeQuery(CompiledQuery.raw('ROLLBACK')).catch(() => undefined);
      throw e;
    }
  }

  async *streamQuery<R>(query: CompiledQuery, chunkSize?: number): AsyncIterableIterator<QueryResult<R>> {
    // A cursor lives in a transaction anyway; kysely streams only inside db.transaction() here.
    if (!this.inTransaction) throw new Error('stream a query inside a transaction, so its scope is set');
    yield* this.inner.streamQuery<R>(query, chunkSize);
  }
}

class ScopedDriver implements Driver {
  constructor(
    private readonly inner: Driver,
    private readonly scopeNow: () => DbScope,
  ) {}

  init(): Promise<void> {
    return this.inner.init();
  }

  async acquireConnection(): Promise<DatabaseConnection> {
    return new ScopedConnection(await this.inner.acquireConnection(), this.scopeNow());
  }

  async beginTransaction(connection: DatabaseConnection, settings: TransactionSettings): Promise<void> {
    const scoped = connection as ScopedConnection;
    await this.inner.beginTransaction(scoped.inner, settings);
    await scoped.inner.executeQuery(scopeStatement(scoped.scope));
    scoped.inTransaction = true;
  }

  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    const scoped = connection as ScopedConnection;
    scoped.inTransaction = false;
    await this.inner.commitTransaction(scoped.inner);
  }

  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    const scoped = connection as ScopedConnection;
    scoped.inTransaction = false;
    await this.inner.rollbackTransaction(scoped.inner);
  }

  releaseConnection(connection: DatabaseConnection): Promise<void> {
    return this.inner.releaseConnection((connection as ScopedConnection).inner);
  }

  destroy(): Promise<void> {
    return this.inner.destroy();
  }
}

/** PostgreSQL through `pool`, every statement in a transaction scoped by `scopeNow()` at the time it runs. */
export class ScopedPostgresDialect extends PostgresDialect {
  constructor(
    config: ConstructorParameters<typeof PostgresDialect>[0],
    private readonly scopeNow: () => DbScope,
  ) {
    super(config);
  }

  override createDriver(): Driver {
    return new ScopedDriver(super.createDriver(), this.scopeNow);
  }
}
