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

/** The full name of a region code, or null when the region table does not know it. */
export function lookUpRegionName(code: string): Promise<string | null> {
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
      const found = await lookUpRegionName(value)
      if (code.value === value) name.value = found
    },
    { immediate: true },
  )
  return name
}

/**
 * The names of many codes at once (a chart's axis): code → full name, filled in as the
 * look-ups come back; codes the region table does not know are left out.
 */
export function useRegionNames(codes: Ref<readonly string[]>): Ref<ReadonlyMap<string, string>> {
  const names = ref<ReadonlyMap<string, string>>(new Map())
  watch(
    codes,
    async (list) => {
      const found = await Promise.all(list.map(async (code) => [code, await lookUpRegionName(code)] as const))
      if (codes.value !== list) return
      names.value = new Map(found.filter((entry): entry is readonly [string, string] => entry[1] !== null))
    },
    { immediate: true },
  )
  return names
}
