// Simplified Chinese of the marketplace statistics page (views/market/MarketStatsView.vue):
// `marketStats.*` in zh-CN.ts. marketStats.en.ts has the same keys.

const marketStatsZh = {
  nav: '市场统计',
  title: '运营交易统计',
  intro: '按地区、行业和月份统计挂牌、需求、匹配、交易和成交金额；下级地区的数字包含其所辖全部地区。点击下级地区可逐级查看。',
  platform: '全平台',
  region: '地区',
  childRegion: '查看下级地区',
  months: '月份范围',
  monthStart: '开始月份',
  monthEnd: '结束月份',
  range: '{from} 至 {to}',
  counts: {
    listings: '挂牌发布',
    demands: '需求发布',
    matches: '供需匹配',
    deals_opened: '发起洽谈',
    deals_agreed: '达成协议',
    deals_recorded: '完成备案',
    deal_value_fen: '成交金额',
  },
  wan: '万元',
  valueWan: '成交金额（万元）',
  count: '数量',
  byMonth: '按月趋势',
  byChild: '按下级地区',
  byChildHint: '点击一行查看该地区',
  byIndustry: '按行业',
  name: '地区',
  industry: '行业',
  industryUnknown: '未填写行业',
  unplaced: '{name}（本级）',
  noChildren: '没有下级地区的数据',
  noIndustries: '暂无行业数据',
  noData: '所选范围内暂无数据',
  chartLabel: '{region} 各月运营交易数量与成交金额',
}

export type MarketStatsMessages = typeof marketStatsZh
export default marketStatsZh
