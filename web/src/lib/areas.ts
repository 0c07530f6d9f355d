// The ten service areas of the platform, in the order the navigation shows them.
// Names and descriptions live in the locale files under `areas.<key>`.
import type { Component } from 'vue'
import {
  Bell,
  Briefcase,
  Compass,
  DataAnalysis,
  Document,
  OfficeBuilding,
  PriceTag,
  Shop,
  Umbrella,
  Wallet,
} from '@element-plus/icons-vue'

export type AreaStatus = 'available' | 'coming'

export interface Area {
  key: string
  path: string
  icon: Component
  status: AreaStatus
}

export const AREAS: readonly Area[] = [
  { key: 'patents', path: '/patents', icon: Document, status: 'available' },
  { key: 'navigation', path: '/navigation', icon: Compass, status: 'available' },
  { key: 'warning', path: '/watches', icon: Bell, status: 'available' },
  { key: 'valuation', path: '/valuation', icon: PriceTag, status: 'coming' },
  { key: 'market', path: '/market', icon: Shop, status: 'available' },
  { key: 'finance', path: '/finance', icon: Wallet, status: 'coming' },
  { key: 'custody', path: '/custody', icon: Briefcase, status: 'coming' },
  { key: 'agencies', path: '/agencies', icon: OfficeBuilding, status: 'coming' },
  { key: 'protection', path: '/protection', icon: Umbrella, status: 'coming' },
  { key: 'statistics', path: '/statistics', icon: DataAnalysis, status: 'coming' },
]
