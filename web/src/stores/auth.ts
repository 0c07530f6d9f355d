// The logged-in user and the session's CSRF token.
import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import { authApi } from '@/api/endpoints'
import { setCsrfToken } from '@/api/client'
import type { Session, User } from '@/api/types'
import { ADMIN_SECTION_ROLES, AUDIT_ROLES, ORG_CREATOR_ROLES, PATENT_IMPORT_ROLES } from '@/lib/roles'

export const useAuthStore = defineStore('auth', () => {
  const user = ref<User | null>(null)
  const csrfToken = ref<string | null>(null)
  /** True once the start-up session probe (GET /auth/me) has answered. */
  const checked = ref(false)

  function apply(session: Session | null): void {
    user.value = session?.user ?? null
    csrfToken.value = session?.csrf_token ?? null
    setCsrfToken(csrfToken.value)
  }

  async function login(username: string, password: string): Promise<void> {
    apply(await authApi.login(username, password))
    checked.value = true
  }

  /**
   * Restores the session of a reloaded page. A 401 means logged out; so does a server
   * that cannot be reached (the login page then reports the problem on submit).
   */
  async function restore(): Promise<void> {
    try {
      apply(await authApi.me())
    } catch {
      apply(null)
    } finally {
      checked.value = true
    }
  }

  async function logout(): Promise<void> {
    try {
      await authApi.logout()
    } finally {
      apply(null)
    }
  }

  /** Forget the session locally (the server said 401). */
  function clear(): void {
    apply(null)
  }

  function updateUser(next: User): void {
    user.value = next
  }

  const role = computed(() => user.value?.role ?? null)
  const canAdminister = computed(() => role.value !== null && ADMIN_SECTION_ROLES.includes(role.value))
  const canReadAudit = computed(() => role.value !== null && AUDIT_ROLES.includes(role.value))
  const canCreateOrganizations = computed(() => role.value !== null && ORG_CREATOR_ROLES.includes(role.value))
  const canImportPatents = computed(() => role.value !== null && PATENT_IMPORT_ROLES.includes(role.value))

  return {
    user,
    csrfToken,
    checked,
    role,
    canAdminister,
    canReadAudit,
    canCreateOrganizations,
    canImportPatents,
    login,
    restore,
    logout,
    clear,
    updateUser,
  }
})
