// Roles and organisation types of docs/api.md, and what each role may do in the UI.
// The server decides; these only decide what to offer.

export const ROLES = ['platform_admin', 'official', 'org_admin', 'member', 'practitioner', 'expert'] as const
export type Role = (typeof ROLES)[number]

export const ORG_TYPES = [
  'ip_office',
  'enterprise',
  'university',
  'research_institute',
  'ip_agency',
  'bank',
  'insurer',
  'other',
] as const
export type OrgType = (typeof ORG_TYPES)[number]

/** Roles that see the administration section. */
export const ADMIN_SECTION_ROLES: readonly Role[] = ['platform_admin', 'official', 'org_admin']
/** Roles that may read the audit log. */
export const AUDIT_ROLES: readonly Role[] = ['platform_admin', 'official']
/** Roles that may create organisations. */
export const ORG_CREATOR_ROLES: readonly Role[] = ['platform_admin', 'official']
/** Roles that may import patent data (POST /patent-imports). */
export const PATENT_IMPORT_ROLES: readonly Role[] = ['platform_admin', 'official']

/** The roles an actor may give to a user it creates or edits. */
export function assignableRoles(actor: Role): Role[] {
  switch (actor) {
    case 'platform_admin':
      return [...ROLES]
    case 'official':
      return ROLES.filter((r) => r !== 'platform_admin')
    case 'org_admin':
      return ['org_admin', 'member', 'practitioner', 'expert']
    default:
      return []
  }
}

/** Which scope field a user of this role needs. */
export function scopeOf(role: Role): 'region' | 'organization' | 'none' {
  if (role === 'platform_admin') return 'none'
  if (role === 'official') return 'region'
  return 'organization'
}
