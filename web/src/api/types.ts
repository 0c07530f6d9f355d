// Objects of the API, as docs/api.md describes them. Times are Unix milliseconds.
import type { OrgType, Role } from '@/lib/roles'

export interface Page<T> {
  items: T[]
  total: number
  page: number
  size: number
}

export interface User {
  id: number
  username: string
  display_name: string
  role: Role
  organization_id: number | null
  organization_name: string | null
  region_code: string | null
  region_name: string | null
  email: string | null
  disabled: boolean
  created_at: number
}

export interface Session {
  user: User
  csrf_token: string
}

export interface Organization {
  id: number
  name: string
  type: OrgType
  uscc: string
  region_code: string
  region_name: string
  address: string | null
  contact: string | null
  created_at: number
  updated_at: number
}

export type RegionLevel = 'province' | 'city' | 'county'

export interface Region {
  code: string
  name: string
  level: RegionLevel
  parent: string | null
}

export interface RegionWithPath extends Region {
  path: Region[]
}

export interface AuditEntry {
  id: number
  at: number
  actor_id: number | null
  actor: string
  action: string
  entity: string
  entity_id: string
  region_code: string | null
  detail: unknown
  hash: string
  prev_hash: string
}

export interface ApiToken {
  id: number
  name: string
  created_at: number
  last_used_at: number | null
}

export interface NewApiToken {
  id: number
  name: string
  token: string
}
