import { createRouter, createWebHistory, type RouteRecordRaw } from 'vue-router'
import { useAuthStore } from '@/stores/auth'
import { AREAS } from '@/lib/areas'
import { ADMIN_SECTION_ROLES, AUDIT_ROLES, PATENT_IMPORT_ROLES, type Role } from '@/lib/roles'
import { routeAccess } from '@/lib/routeAccess'
import { MARKET_STATS_ROLES } from '@/lib/marketStats'
import { HIGH_VALUE_STATS_ROLES } from '@/lib/highValue'
import { i18n } from '@/i18n'

declare module 'vue-router' {
  interface RouteMeta {
    /** Reachable without logging in. */
    public?: boolean
    /** Only these roles; others are sent home. */
    roles?: readonly Role[]
    /** i18n key of the page title. */
    titleKey?: string
    /** For area pages: the area's key. */
    area?: string
  }
}

// Areas not open yet show a placeholder; open ones have their own routes below.
const areaRoutes: RouteRecordRaw[] = AREAS.filter((area) => area.status === 'coming').map((area) => ({
  path: area.path.slice(1),
  name: `area-${area.key}`,
  component: () => import('@/views/AreaPlaceholderView.vue'),
  props: { areaKey: area.key },
  meta: { titleKey: `areas.${area.key}.name`, area: area.key },
}))

const routes: RouteRecordRaw[] = [
  {
    path: '/login',
    name: 'login',
    component: () => import('@/views/LoginView.vue'),
    meta: { public: true, titleKey: 'login.title' },
  },
  {
    path: '/',
    component: () => import('@/layouts/AppLayout.vue'),
    children: [
      { path: '', name: 'home', component: () => import('@/views/HomeView.vue'), meta: { titleKey: 'nav.home' } },
      ...areaRoutes,
      {
        path: 'search',
        name: 'search',
        component: () => import('@/views/search/SearchView.vue'),
        meta: { public: true, titleKey: 'search.title', area: 'patents' },
      },
      {
        path: 'patents',
        name: 'patents',
        component: () => import('@/views/patents/PatentListView.vue'),
        meta: { public: true, titleKey: 'patents.listTitle', area: 'patents' },
      },
      {
        path: 'patents/import',
        name: 'patent-import',
        component: () => import('@/views/patents/ImportView.vue'),
        meta: { titleKey: 'patentImport.title', roles: PATENT_IMPORT_ROLES, area: 'patents' },
      },
      {
        path: 'patents/:number',
        name: 'patent',
        component: () => import('@/views/patents/PatentView.vue'),
        props: true,
        meta: { public: true, titleKey: 'patent.title', area: 'patents' },
      },
      {
        path: 'applicants',
        name: 'applicants',
        component: () => import('@/views/applicants/ApplicantsView.vue'),
        meta: { public: true, titleKey: 'applicants.title', area: 'patents' },
      },
      {
        path: 'navigation',
        name: 'navigation',
        component: () => import('@/views/navigation/LandscapeView.vue'),
        meta: { public: true, titleKey: 'navigation.title', area: 'navigation' },
      },
      {
        path: 'navigation/reports',
        name: 'navigation-reports',
        component: () => import('@/views/navigation/ReportsView.vue'),
        meta: { titleKey: 'reports.listTitle', area: 'navigation' },
      },
      {
        path: 'navigation/reports/:id',
        name: 'navigation-report',
        component: () => import('@/views/navigation/ReportView.vue'),
        props: true,
        meta: { titleKey: 'reports.title', area: 'navigation' },
      },
      {
        path: 'watches',
        name: 'watches',
        component: () => import('@/views/watches/WatchesView.vue'),
        meta: { titleKey: 'watches.title', area: 'warning' },
      },
      {
        path: 'alerts',
        name: 'alerts',
        component: () => import('@/views/watches/AlertsView.vue'),
        meta: { titleKey: 'alerts.title', area: 'warning' },
      },
      {
        path: 'market',
        name: 'market',
        component: () => import('@/views/market/MarketView.vue'),
        meta: { public: true, titleKey: 'market.title', area: 'market' },
      },
      {
        path: 'market/authorisations',
        name: 'market-authorisations',
        component: () => import('@/views/market/AuthorisationsView.vue'),
        meta: { titleKey: 'market.authorisations.title', area: 'market' },
      },
      {
        path: 'market/notices',
        name: 'market-notices',
        component: () => import('@/views/market/NoticesView.vue'),
        meta: { titleKey: 'matching.notices.title', area: 'market' },
      },
      {
        path: 'market/statistics',
        name: 'market-statistics',
        component: () => import('@/views/market/MarketStatsView.vue'),
        meta: { titleKey: 'marketStats.title', roles: MARKET_STATS_ROLES, area: 'market' },
      },
      {
        path: 'stats/high-value',
        name: 'stats-high-value',
        component: () => import('@/views/stats/HighValueStatsView.vue'),
        meta: { titleKey: 'highValue.stats.title', roles: HIGH_VALUE_STATS_ROLES, area: 'statistics' },
      },
      {
        path: 'pools',
        name: 'pools',
        component: () => import('@/views/pools/PoolsView.vue'),
        meta: { public: true, titleKey: 'pools.title', area: 'market' },
      },
      {
        path: 'pools/new',
        name: 'pool-new',
        component: () => import('@/views/pools/PoolFormView.vue'),
        meta: { titleKey: 'pools.form.createTitle', area: 'market' },
      },
      {
        path: 'pools/:id(\\d+)',
        name: 'pool',
        component: () => import('@/views/pools/PoolView.vue'),
        props: true,
        meta: { public: true, titleKey: 'pools.detail.title', area: 'market' },
      },
      {
        path: 'pools/:id(\\d+)/edit',
        name: 'pool-edit',
        component: () => import('@/views/pools/PoolFormView.vue'),
        props: true,
        meta: { titleKey: 'pools.form.editTitle', area: 'market' },
      },
      {
        path: 'market/listings/new',
        name: 'market-listing-new',
        component: () => import('@/views/market/ListingFormView.vue'),
        meta: { titleKey: 'market.form.createTitle', area: 'market' },
      },
      {
        path: 'market/listings/:id(\\d+)',
        name: 'market-listing',
        component: () => import('@/views/market/ListingView.vue'),
        props: true,
        meta: { public: true, titleKey: 'market.detail.title', area: 'market' },
      },
      {
        path: 'market/listings/:id(\\d+)/edit',
        name: 'market-listing-edit',
        component: () => import('@/views/market/ListingFormView.vue'),
        props: true,
        meta: { titleKey: 'market.form.editTitle', area: 'market' },
      },
      {
        path: 'demands',
        name: 'demands',
        component: () => import('@/views/demands/DemandsView.vue'),
        meta: { public: true, titleKey: 'demands.title', area: 'market' },
      },
      {
        path: 'demands/new',
        name: 'demand-new',
        component: () => import('@/views/demands/DemandFormView.vue'),
        meta: { titleKey: 'demands.form.createTitle', area: 'market' },
      },
      {
        path: 'demands/:id(\\d+)',
        name: 'demand',
        component: () => import('@/views/demands/DemandView.vue'),
        props: true,
        meta: { public: true, titleKey: 'demands.detail.title', area: 'market' },
      },
      {
        path: 'demands/:id(\\d+)/edit',
        name: 'demand-edit',
        component: () => import('@/views/demands/DemandFormView.vue'),
        props: true,
        meta: { titleKey: 'demands.form.editTitle', area: 'market' },
      },
      {
        path: 'demand-invitations',
        name: 'demand-invitations',
        component: () => import('@/views/demands/InvitationsView.vue'),
        meta: { titleKey: 'demands.received.title', area: 'market' },
      },
      {
        path: 'demand-response-times',
        name: 'demand-response-times',
        component: () => import('@/views/demands/ResponseTimesView.vue'),
        meta: { titleKey: 'demands.times.title', area: 'market' },
      },
      {
        path: 'deals',
        name: 'deals',
        component: () => import('@/views/deals/DealsView.vue'),
        meta: { titleKey: 'deals.title', area: 'market' },
      },
      {
        path: 'deals/:id(\\d+)',
        name: 'deal',
        component: () => import('@/views/deals/DealView.vue'),
        props: true,
        meta: { titleKey: 'deals.detail.title', area: 'market' },
      },
      {
        path: 'saved-searches',
        name: 'saved-searches',
        component: () => import('@/views/collections/SavedSearchesView.vue'),
        meta: { titleKey: 'savedSearches.title' },
      },
      {
        path: 'collections',
        name: 'collections',
        component: () => import('@/views/collections/CollectionsView.vue'),
        meta: { titleKey: 'collections.title' },
      },
      {
        path: 'collections/:id',
        name: 'collection',
        component: () => import('@/views/collections/CollectionView.vue'),
        props: true,
        meta: { titleKey: 'collections.title' },
      },
      {
        path: 'admin/organizations',
        name: 'organizations',
        component: () => import('@/views/admin/OrganizationsView.vue'),
        meta: { titleKey: 'orgs.title', roles: ADMIN_SECTION_ROLES },
      },
      {
        path: 'admin/users',
        name: 'users',
        component: () => import('@/views/admin/UsersView.vue'),
        meta: { titleKey: 'users.title', roles: ADMIN_SECTION_ROLES },
      },
      {
        path: 'admin/audit',
        name: 'audit',
        component: () => import('@/views/admin/AuditView.vue'),
        meta: { titleKey: 'audit.title', roles: AUDIT_ROLES },
      },
      {
        path: 'account',
        name: 'account',
        component: () => import('@/views/account/AccountView.vue'),
        meta: { titleKey: 'account.title' },
      },
      {
        path: ':pathMatch(.*)*',
        name: 'not-found',
        component: () => import('@/views/NotFoundView.vue'),
        meta: { titleKey: 'notFound.title' },
      },
    ],
  },
]

export const router = createRouter({
  history: createWebHistory(),
  routes,
})

// Every page, public ones included, first restores an existing session (GET /auth/me), so
// a logged-in user is recognised on public pages too; then lib/routeAccess.ts decides.
router.beforeEach(async (to) => {
  const auth = useAuthStore()
  if (!auth.checked) await auth.restore()
  return routeAccess(to, auth.user)
})

export function pageTitle(titleKey: string | undefined): string {
  const t = i18n.global.t
  const app = t('app.name')
  return titleKey ? `${t(titleKey)} - ${app}` : app
}
