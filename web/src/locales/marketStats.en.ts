// English of the marketplace statistics page: `marketStats.*` in en.ts, the same keys as
// marketStats.zh-CN.ts (its type makes a missing key a compile error).
import type { MarketStatsMessages } from './marketStats.zh-CN'

const marketStatsEn: MarketStatsMessages = {
  nav: 'Market statistics',
  title: 'Marketplace statistics',
  intro:
    'Listings, demands, matches, deals and deal value by region, industry and month; a child region counts everything under it. Click a child region to look inside it.',
  platform: 'Whole platform',
  region: 'Region',
  childRegion: 'Open a child region',
  months: 'Months',
  monthStart: 'From',
  monthEnd: 'To',
  range: '{from} to {to}',
  counts: {
    listings: 'Listings published',
    demands: 'Demands published',
    matches: 'Matches',
    deals_opened: 'Deals opened',
    deals_agreed: 'Deals agreed',
    deals_recorded: 'Deals recorded',
    deal_value_fen: 'Deal value',
  },
  wan: '×10,000 yuan',
  valueWan: 'Deal value (×10,000 yuan)',
  count: 'Count',
  byMonth: 'By month',
  byChild: 'By child region',
  byChildHint: 'Click a row to open that region',
  byIndustry: 'By industry',
  name: 'Region',
  industry: 'Industry',
  industryUnknown: 'Industry not given',
  unplaced: '{name} (itself)',
  noChildren: 'No figures for child regions',
  noIndustries: 'No figures by industry',
  noData: 'Nothing in the months chosen',
  chartLabel: 'Marketplace figures and deal value of {region} by month',
}

export default marketStatsEn
