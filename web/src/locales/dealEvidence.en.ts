// English of the deal-evidence card: `dealEvidence.*` in en.ts, the same keys as
// dealEvidence.zh-CN.ts (its type makes a missing key a compile error).
import type { DealEvidenceMessages } from './dealEvidence.zh-CN'

const dealEvidenceEn: DealEvidenceMessages = {
  title: 'Deal evidence',
  hint: 'Market approach: the deals agreed on this patent, and the prices of comparable deals in the same IPC subclass over the last three years',
  loading: 'Reading the deals…',
  notFound: 'No deal records for this patent',
  failed: 'Could not read the deal evidence: {detail}',
  retry: 'Retry',
  own: {
    title: 'Deals on this patent',
    none: 'No deal on this patent has reached an agreement',
    count: '{count} agreed deal(s)',
    kind: 'Kind',
    state: 'State',
    agreedOn: 'Agreed on',
    recordedOn: 'Recorded on',
    price: 'Price',
    hidden: 'Visible to the parties and the region’s officials only',
    noPrice: 'No price agreed',
    open: 'Open the deal',
  },
  comparable: {
    title: 'Comparable deals',
    scope: 'IPC subclass {subclass}, agreed with a price since {since} (this patent left out)',
    noSubclass: 'This patent has no IPC subclass to compare by',
    family: {
      assignment: 'Transfers and equity contributions',
      licence: 'Licences (open licences included)',
    },
    count: '{count} deal(s)',
    min: 'Lowest',
    p25: '25th percentile',
    median: 'Median',
    p75: '75th percentile',
    max: 'Highest',
    withheld: 'Fewer than {min}: prices are not shown, so that no single deal’s price is disclosed',
    percentileNote: 'Percentiles by nearest rank: of n prices from lowest to highest, the p-th percentile is the one at rank ⌈p × n / 100⌉.',
  },
  royalty: {
    title: 'Against the income-method estimate',
    value: 'Relief-from-royalty present value: {amount} yuan',
    below: 'Below the 25th percentile of {family} ({amount} yuan)',
    within: 'Between the 25th and 75th percentiles of {family} ({low}–{high} yuan)',
    above: 'Above the 75th percentile of {family} ({amount} yuan)',
    none: 'Too few comparable deals to compare',
    hint: 'Once you calculate the relief-from-royalty value, this shows where it falls against comparable prices.',
  },
  amount: '{amount} yuan',
}

export default dealEvidenceEn
