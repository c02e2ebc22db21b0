import type { Redis } from 'ioredis';
import { nextSignInAllowedAt, SIGN_IN_THROTTLE, type FailedSignIns } from '../domain/sign-in-throttle.js';

export interface ThrottledAddress {
  address: string;
  failures: number;
  lastFailureAt: Date;
  /** When this address may next try this name; null when it may now. */
  nextAttemptAt: Date | null;
}

/**
 * Failed sign-ins per name and address, in Redis so every API process counts the same ones.
 * One hash per name (field `n <address>`: consecutive failures, `t <address>`: the last one's
 * time), so an admin lifts a name's throttle with one delete; the hash expires a day after its
 * last failure. The key sits under the rate limiter's namespace (`<prefix>-rate-`).
 */
export class SignInThrottle {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {}

  private key(name: string): string {
    return `${this.prefix}-rate-signin-${name.toLowerCase()}`;
  }

  private async record(name: string, address: string): Promise<FailedSignIns | null> {
    const [n, t] = await this.redis.hmget(this.key(name), `n ${address}`, `t ${address}`);
    return n && t ? { failures: Number(n), lastFailureAt: new Date(Number(t)) } : null;
  }

  /** When `name` may next try from `address` (null: now). */
  async nextAttemptAt(name: string, address: string, now: Date): Promise<Date | null> {
    return nextSignInAllowedAt(await this.record(name, address), now);
  }

  async failed(name: string, address: string, now: Date): Promise<void> {
    const key = this.key(name);
    const last = await this.record(name, address);
    const stale = last && now.getTime() - last.lastFailureAt.getTime() >= SIGN_IN_THROTTLE.forgetAfterMs;
    const multi = this.redis.multi();
    if (stale) multi.hdel(key, `n ${address}`);
    await multi
      .hincrby(key, `n ${address}`, 1)
      .hset(key, `t ${address}`, String(now.getTime()))
      .pexpire(key, SIGN_IN_THROTTLE.forgetAfterMs)
      .exec();
  }

  /** A right password from an address clears that address's failures, and no other's. */
  async succeeded(name: string, address: string): Promise<void> {
    await this.redis.hdel(this.key(name), `n ${address}`, `t ${address}`);
  }

  async list(name: string, now: Date): Promise<ThrottledAddress[]> {
    const fields = await this.redis.hgetall(this.key(name));
    return Object.entries(fields)
      .filter(([field]) => field.startsWith('n '))
      .map(([field, n]) => {
        const address = field.slice(2);
        const record = { failures: Number(n), lastFailureAt: new Date(Number(fields[`t ${address}`] ?? 0)) };
        return { address, ...record, nextAttemptAt: nextSignInAllowedAt(record, now) };
      })
      .sort((a, b) => b.lastFailureAt.getTime() - a.lastFailureAt.getTime());
  }

  /** Forgets a name's failures, from one address or from all; returns how many addresses were cleared. */
  async lift(name: string, address?: string): Promise<number> {
    if (address) return (await this.redis.hdel(this.key(name), `n ${address}`, `t ${address}`)) > 0 ? 1 : 0;
    const cleared = (await this.list(name, new Date())).length;
    await this.redis.del(this.key(name));
    return cleared;
  }
}
