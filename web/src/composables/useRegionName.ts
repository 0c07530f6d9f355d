// The name of a region code ("370102" → "山东省 济南市 历下区"), looked up once per code.
// A code the region table does not know stays a code.
import { ref, watch, type Ref } from 'vue'
import { regionsApi } from '@/api/endpoints'
import type { RegionWithPath } from '@/api/types'

const cache = new Map<string, Promise<string | null>>()

export function regionPathName(region: RegionWithPath): string {
  const names = region.path.map((r) => r.name)
  if (region.path.at(-1)?.code !== region.code) names.push(region.name)
  return names.join(' ')
}

function lookUp(code: string): Promise<string | null> {
  let found = cache.get(code)
  if (!found) {
    found = regionsApi.get(code).then(regionPathName, () => null)
    cache.set(code, found)
  }
  return found
}

export function useRegionName(code: Ref<string | null | undefined>): Ref<string | null> {
  const name = ref<string | null>(null)
  watch(
    code,
    async (value) => {
      name.value = null
      if (!value) return
      const found = await lookUp(value)
      if (code.value === value) name.value = found
    },
    { immediate: true },
  )
  return name
}
