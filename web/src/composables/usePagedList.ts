// A server-paged list: items, total, page, size, loading; reloads when the page changes.
import { ref, shallowRef, watch, type Ref } from 'vue'
import type { Page } from '@/api/types'
import type { PageQuery } from '@/api/endpoints'
import { errorText } from '@/lib/errors'

export const PAGE_SIZES = [10, 20, 50, 100]

export function usePagedList<T>(fetchPage: (paging: PageQuery) => Promise<Page<T>>) {
  const items = shallowRef<T[]>([]) as Ref<T[]>
  const total = ref(0)
  const page = ref(1)
  const size = ref(20)
  const loading = ref(false)
  const error = ref<string | null>(null)
  let sequence = 0

  async function load(): Promise<void> {
    const mine = ++sequence
    loading.value = true
    error.value = null
    try {
      const result = await fetchPage({ page: page.value, size: size.value })
      if (mine !== sequence) return
      items.value = result.items
      total.value = result.total
    } catch (e) {
      if (mine !== sequence) return
      items.value = []
      total.value = 0
      error.value = errorText(e)
    } finally {
      if (mine === sequence) loading.value = false
    }
  }

  /** New filters: back to the first page. */
  function search(): void {
    if (page.value === 1) void load()
    else page.value = 1
  }

  watch([page, size], () => void load())

  return { items, total, page, size, loading, error, load, search }
}
