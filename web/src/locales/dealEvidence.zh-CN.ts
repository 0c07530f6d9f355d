// Simplified Chinese of the deal-evidence card (views/patents/PatentDealEvidence.vue):
// `dealEvidence.*` in zh-CN.ts. dealEvidence.en.ts has the same keys (its type is this object's).

const dealEvidenceZh = {
  title: '成交参考',
  hint: '市场法参考：本专利已达成的交易，以及同一 IPC 小类近三年可比交易的成交价',
  loading: '正在读取成交记录…',
  notFound: '没有这件专利的成交记录',
  failed: '成交参考读取失败：{detail}',
  retry: '重试',
  own: {
    title: '本专利的交易',
    none: '本专利尚无达成协议的交易',
    count: '共 {count} 笔已达成协议的交易',
    kind: '交易方式',
    state: '状态',
    agreedOn: '协议日期',
    recordedOn: '登记日期',
    price: '成交价',
    hidden: '仅交易双方与辖区主管部门可见',
    noPrice: '未约定价格',
    open: '查看洽谈',
  },
  comparable: {
    title: '可比交易',
    scope: 'IPC 小类 {subclass}，{since} 以来达成并约定价格的交易（不含本专利）',
    noSubclass: '本专利没有 IPC 小类，无法比较',
    family: {
      assignment: '转让与作价入股',
      licence: '许可（含开放许可）',
    },
    count: '{count} 笔',
    min: '最低',
    p25: '25% 分位',
    median: '中位数',
    p75: '75% 分位',
    max: '最高',
    withheld: '不足 {min} 笔，不显示价格，以免透露单笔成交价',
    percentileNote: '分位数按最近秩法取值：n 笔价格从低到高排列，第 p 百分位取第 ⌈p × n / 100⌉ 笔。',
  },
  royalty: {
    title: '与收益法估值比较',
    value: '许可费节省法现值 {amount} 元',
    below: '低于{family}成交价的 25% 分位（{amount} 元）',
    within: '位于{family}成交价的 25%–75% 分位之间（{low}–{high} 元）',
    above: '高于{family}成交价的 75% 分位（{amount} 元）',
    none: '可比交易不足，无法比较',
    hint: '在“许可费节省法估值”中计算后，这里会显示估值落在可比成交价的哪个区间。',
  },
  amount: '{amount} 元',
}

export type DealEvidenceMessages = typeof dealEvidenceZh
export default dealEvidenceZh
