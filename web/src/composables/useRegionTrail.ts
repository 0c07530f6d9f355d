// The trail of regions a statistics page shows above its numbers: from the caller's own region
// (`root`) down to the region shown, each step a link (lib/marketStats.ts regionTrail). The
// market and the high-value statistics pages share it.
//
//   const { trail, loadTrail } = useRegionTrail(root)
//   void loadTrail(answer.region, () => mine === sequence)   // after each answer
import { ref, type Ref } from 'vue'
import { regionsApi } from '@/api/endpoints'
import { PLATFORM_REGION, regionTrail, type TrailStep } from '@/lib/marketStats'

export function useRegionTrail(root: Ref<string>) {
  const trail = ref<TrailStep[]>([])

  /**
   * Sets the trail down to `region`, reading its path from GET /regions/{code}; `current` says
   * whether the answer is still the one shown (a later load wins).
   */
  async function loadTrail(region: { code: string; name: string }, current: () => boolean): Promise<void> {
    if (region.code === root.value || region.code === PLATFORM_REGION) {
      trail.value = regionTrail(region.code === PLATFORM_REGION ? [] : [region], root.value)
      return
    }
    try {
      const found = await regionsApi.get(region.code)
      if (!current()) return
      const path = found.path.some((r) => r.code === found.code) ? found.path : [...found.path, found]
      trail.value = regionTrail(path, root.value)
    } catch {
      if (current()) trail.value = regionTrail([region], root.value)
    }
  }

  return { trail, loadTrail }
}
