/**
 * What a new password must be. NIST SP 800-63B-4 §3.1.1.2: a password used on its own (no
 * second factor, as local accounts here) is at least 15 characters, any characters are allowed,
 * no composition rules, and at least 64 must be accepted.
 */
export const PASSWORD_POLICY = { minLength: 15, maxLength: 256 } as const;

/** Why a proposed password is refused, in words for the person choosing it; null when it is fine. */
export function passwordProblem(password: string, userName: string, policy = PASSWORD_POLICY): string | null {
  const length = [...password].length;
  if (length < policy.minLength) return `a password has at least ${policy.minLength} characters`;
  if (length > policy.maxLength) return `a password has at most ${policy.maxLength} characters`;
  if (password.toLowerCase().includes(userName.toLowerCase())) return 'a password may not contain the user name';
  if (new Set(password).size < 4) return 'a password needs more than a few different characters';
  return null;
}
