// Who may open which page: the router's guard as a pure function of the page and the
// logged-in user (null for a visitor). The navigation asks the same question to decide
// which entries to show. The server decides what data anyone gets; this only decides
// where the app sends people.
import type { Role } from './roles'

/** What the decision needs of a route (a RouteLocation fits). */
export interface AccessTarget {
  name?: string | symbol | null
  fullPath: string
  query: Record<string, unknown>
  meta: {
    /** Reachable without logging in. */
    public?: boolean
    /** Only these roles (after logging in); others are sent home. Not for public pages. */
    roles?: readonly Role[]
  }
}

export interface LoginLocation {
  name: 'login'
  query: { redirect?: string }
}

/** true: go ahead; otherwise where to go instead (a path, the login page or home). */
export type AccessDecision = true | string | LoginLocation | { name: 'home' }

/** Only same-app paths are accepted as a redirect target after login. */
export function safeRedirect(value: unknown): string {
  return typeof value === 'string' && value.startsWith('/') && !value.startsWith('//') ? value : '/'
}

/** The login page, coming back to fullPath afterwards (home needs no redirect). */
export function loginLocation(fullPath: string): LoginLocation {
  return { name: 'login', query: fullPath === '/' ? {} : { redirect: fullPath } }
}

export function routeAccess(to: AccessTarget, user: { role: Role } | null): AccessDecision {
  if (to.name === 'login') return user ? safeRedirect(to.query.redirect) : true
  if (to.meta.public) return true
  if (!user) return loginLocation(to.fullPath)
  if (to.meta.roles && !to.meta.roles.includes(user.role)) return { name: 'home' }
  return true
}
