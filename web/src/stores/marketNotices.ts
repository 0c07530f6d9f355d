// The unread market notices (市场消息: new supply–demand matches) of the logged-in user's
// organisation, for the navigation's badge. The navigation refreshes it on navigation and every
// minute; the inbox sets it from each answer it gets.
import { defineStore } from 'pinia'
import { ref } from 'vue'
import { matchingApi } from '@/api/matching'
import { unreadNotices } from '@/lib/matching'

export const useMarketNoticesStore = defineStore('marketNotices', () => {
  /** Unread notices; null until known (or for a user without an organisation). */
  const unread = ref<number | null>(null)
  let sequence = 0

  /** Asks the server; a failure keeps the last count (the badge is a hint, not a page). */
  async function refresh(): Promise<void> {
    const mine = ++sequence
    try {
      const answer = await matchingApi.notices({ unread: true })
      if (mine === sequence) unread.value = unreadNotices(answer, true)
    } catch {
      // keep what was shown
    }
  }

  /** A count the caller already has (an inbox answer, a mark-read). */
  function set(count: number): void {
    sequence++
    unread.value = count
  }

  function reset(): void {
    sequence++
    unread.value = null
  }

  return { unread, refresh, set, reset }
})
