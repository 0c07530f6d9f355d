import { describe, expect, it } from 'vitest'
import { passwordProblem } from '@/lib/password'

describe('password policy', () => {
  it('matches the server rules', () => {
    expect(passwordProblem('Member@2026x', 'newuser')).toBeNull()
    expect(passwordProblem('short1', 'u')).toBe('users.passwordTooShort')
    expect(passwordProblem('x'.repeat(129), 'u')).toBe('users.passwordTooShort')
    expect(passwordProblem('1234567890', 'u')).toBe('users.passwordAllDigits')
    expect(passwordProblem('longusername', 'longusername')).toBe('users.passwordSameAsUsername')
  })
})
