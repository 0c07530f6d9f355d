import { describe, expect, it } from 'vitest'
import { PATENT_IMPORT_ROLES, type Role } from '@/lib/roles'
import { loginLocation, routeAccess, safeRedirect, type AccessTarget } from '@/lib/routeAccess'

// The pages as router.ts declares them (name, path, meta).
function page(name: string, fullPath: string, meta: AccessTarget['meta'] = {}, query: Record<string, unknown> = {}) {
  return { name, fullPath, meta, query }
}

const login = (redirect?: string) =>
  page('login', redirect ? `/login?redirect=${redirect}` : '/login', { public: true }, redirect ? { redirect } : {})
const home = page('home', '/')
const patents = page('patents', '/patents?q=104223352', { public: true })
const patent = page('patent', '/patents/CN104223352A', { public: true })
const patentImport = page('patent-import', '/patents/import', { roles: PATENT_IMPORT_ROLES })
const account = page('account', '/account')
const placeholder = page('area-market', '/market')

const visitor = null
const as = (role: Role) => ({ role })

describe('a visitor (not logged in)', () => {
  it('may open the patent list and a patent page', () => {
    expect(routeAccess(patents, visitor)).toBe(true)
    expect(routeAccess(patent, visitor)).toBe(true)
  })

  it('may open the login page', () => {
    expect(routeAccess(login(), visitor)).toBe(true)
    expect(routeAccess(login('/patents'), visitor)).toBe(true)
  })

  it('is sent to log in for any other page, coming back to it afterwards', () => {
    expect(routeAccess(patentImport, visitor)).toEqual({ name: 'login', query: { redirect: '/patents/import' } })
    expect(routeAccess(account, visitor)).toEqual({ name: 'login', query: { redirect: '/account' } })
    expect(routeAccess(placeholder, visitor)).toEqual({ name: 'login', query: { redirect: '/market' } })
  })

  it('is sent to log in without a redirect for the home page', () => {
    expect(routeAccess(home, visitor)).toEqual({ name: 'login', query: {} })
  })
})

describe('a logged-in user', () => {
  it('opens public pages as before', () => {
    expect(routeAccess(patents, as('member'))).toBe(true)
    expect(routeAccess(patent, as('expert'))).toBe(true)
  })

  it('opens pages that need a login', () => {
    expect(routeAccess(home, as('member'))).toBe(true)
    expect(routeAccess(account, as('member'))).toBe(true)
  })

  it('opens role pages only with one of their roles, else goes home', () => {
    expect(routeAccess(patentImport, as('official'))).toBe(true)
    expect(routeAccess(patentImport, as('platform_admin'))).toBe(true)
    for (const role of ['org_admin', 'member', 'practitioner', 'expert'] as const) {
      expect(routeAccess(patentImport, as(role))).toEqual({ name: 'home' })
    }
  })

  it('skips the login page, going where it would have led', () => {
    expect(routeAccess(login('/patents/CN104223352A'), as('member'))).toBe('/patents/CN104223352A')
    expect(routeAccess(login(), as('member'))).toBe('/')
    expect(routeAccess(login('//evil.example'), as('member'))).toBe('/')
  })
})

describe('loginLocation', () => {
  it('carries the page to come back to, query included', () => {
    expect(loginLocation('/patents?q=%E7%83%9F&page=2')).toEqual({
      name: 'login',
      query: { redirect: '/patents?q=%E7%83%9F&page=2' },
    })
    expect(loginLocation('/')).toEqual({ name: 'login', query: {} })
  })
})

describe('safeRedirect', () => {
  it('accepts only paths of this app', () => {
    expect(safeRedirect('/patents/CN104223352A')).toBe('/patents/CN104223352A')
    expect(safeRedirect('//evil.example/x')).toBe('/')
    expect(safeRedirect('https://evil.example/')).toBe('/')
    expect(safeRedirect(['/a'])).toBe('/')
    expect(safeRedirect(undefined)).toBe('/')
  })
})
