// The navigation's unread badge of market notices (市场消息: new supply–demand matches for the
// user's organisation), kept as the header keeps the alerts' one: refreshed on navigation, when
// the user changes, and every minute; reset for users without an organisation.
import { computed, onMounted, onUnmounted, watch, type ComputedRef } from 'vue'
import { useRoute } from 'vue-router'
import { hasNoticeInbox } from '@/lib/matching'
import { useAuthStore } from '@/stores/auth'
import { useMarketNoticesStore } from '@/stores/marketNotices'

/** How often the badge asks again, besides on every navigation. */
export const NOTICE_POLL_MS = 60_000

export function useMarketNoticeBadge(): { inbox: ComputedRef<boolean>; unread: ComputedRef<number> } {
  const auth = useAuthStore()
  const route = useRoute()
  const notices = useMarketNoticesStore()
  const inbox = computed(() => hasNoticeInbox(auth.user))

  function refresh(): void {
    if (inbox.value) void notices.refresh()
    else notices.reset()
  }

  let timer: ReturnType<typeof setInterval> | undefined
  onMounted(() => {
    refresh()
    timer = setInterval(refresh, NOTICE_POLL_MS)
  })
  onUnmounted(() => clearInterval(timer))
  watch([() => route.fullPath, () => auth.user?.id], refresh)

  return { inbox, unread: computed(() => notices.unread ?? 0) }
}
