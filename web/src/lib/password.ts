// The server's password policy (docs/api.md): 8–128 characters, not all digits, not the
// username. Returns the i18n key of the first broken rule, or null.

export function passwordProblem(password: string, username?: string): string | null {
  if (password.length < 8 || password.length > 128) return 'users.passwordTooShort'
  if (/^[0-9]+$/.test(password)) return 'users.passwordAllDigits'
  if (username && password === username) return 'users.passwordSameAsUsername'
  return null
}
