import { describe, expect, it } from 'vitest';
import { PASSWORD_POLICY, passwordProblem } from '../../../src/domain/password-policy.js';

describe('password policy', () => {
  it('accepts a long passphrase of any characters, with no composition rules', () => {
    expect(passwordProblem('correct horse battery staple', 'j.smith')).toBeNull();
    expect(passwordProblem('ŵŷŝçøłæ ü ß 日本語 ok', 'j.smith')).toBeNull();
  });

  it('refuses short, name-bearing and repetitive ones, saying why', () => {
    expect(passwordProblem('short one', 'j.smith')).toBe(
      `a password has at least ${PASSWORD_POLICY.minLength} characters`,
    );
    expect(passwordProblem('my name is J.Smith ok', 'j.smith')).toBe('a password may not contain the user name');
    expect(passwordProblem('aaaaaaaaaaaaaaaaaaaa', 'j.smith')).toBe(
      'a password needs more than a few different characters',
    );
    expect(passwordProblem('x'.repeat(300) + 'abcd', 'j.smith')).toBe(
      `a password has at most ${PASSWORD_POLICY.maxLength} characters`,
    );
  });

  it('counts characters, not UTF-16 units', () => {
    expect(passwordProblem('🏥🏥🏥🏥🏥🏥🏥🏥🏥🏥🏥🏥🏥ab', 'j.smith')).toBe(
      'a password needs more than a few different characters',
    );
    expect(passwordProblem('🏥🏠🏗🏢🏥🏠🏗🏢🏥🏠🏗🏢🏥', 'j.smith')).toBe(
      `a password has at least ${PASSWORD_POLICY.minLength} characters`,
    );
  });
});
