// What the parts of a landscape report share: the query the chart elements drill into (given
// once by the report, used by every chart and table) and the number formats of the language.
import { computed, inject, provide, ref, type InjectionKey, type Ref } from 'vue'
import { useRouter, type RouteLocationRaw } from 'vue-router'
import { currentLocale } from '@/i18n'
import { drillLocation } from '@/lib/landscape'
import { patentPath } from '@/lib/patentNumbers'

const DRILL_QUERY: InjectionKey<Ref<string>> = Symbol('landscape-drill-query')

/** The report's query: every drill-down below is `(query) AND filter`. */
export function provideDrillQuery(query: Ref<string>): void {
  provide(DRILL_QUERY, query)
}

export function useDrill() {
  const query = inject(DRILL_QUERY, ref(''))
  const router = useRouter()
  /** The search page with the hits of `filter` (a query-language filter), or null. */
  const to = (filter: string | null): RouteLocationRaw | null => drillLocation(query.value, filter)
  /** Opens the hits of `filter`; nothing for null. */
  const go = (filter: string | null): void => {
    const location = to(filter)
    if (location) void router.push(location)
  }
  /** Opens a document's own page. */
  const openPatent = (number: string): void => {
    void router.push(patentPath(number))
  }
  return { to, go, openPatent }
}

/** Counts (1,234) and milliseconds (8.12) in the page's language. */
export function useNumberFormat() {
  const counts = computed(() => new Intl.NumberFormat(currentLocale.value))
  const decimals = computed(() => new Intl.NumberFormat(currentLocale.value, { maximumFractionDigits: 2 }))
  return {
    count: (n: number) => counts.value.format(n),
    decimal: (n: number) => decimals.value.format(n),
  }
}
