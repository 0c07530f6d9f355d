// The logged-in user's unread alerts (监控预警), for the header's badge. The header refreshes
// it on navigation and every minute; the inbox sets it from each answer it gets.
import { defineStore } from 'pinia'
import { ref } from 'vue'
import { alertsApi } from '@/api/endpoints'

export const useAlertsStore = defineStore('alerts', () => {
  /** Unread alerts; null until known (or for a visitor). */
  const unread = ref<number | null>(null)
  let sequence = 0

  /** Asks the server; a failure keeps the last count (the badge is a hint, not a page). */
  async function refresh(): Promise<void> {
    const mine = ++sequence
    try {
      const count = await alertsApi.unreadCount()
      if (mine === sequence) unread.value = count
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
