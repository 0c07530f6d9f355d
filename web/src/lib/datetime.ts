// Every date and time is shown in China Standard Time, whatever the browser's zone.

export const DISPLAY_TIME_ZONE = 'Asia/Shanghai'

const formatters = new Map<string, Intl.DateTimeFormat>()

function formatter(locale: string, withTime: boolean): Intl.DateTimeFormat {
  const key = `${locale}|${withTime}`
  let f = formatters.get(key)
  if (!f) {
    f = new Intl.DateTimeFormat(locale, {
      timeZone: DISPLAY_TIME_ZONE,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      ...(withTime ? { hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' } : {}),
    })
    formatters.set(key, f)
  }
  return f
}

/** Unix milliseconds → "2026/11/22 11:19:20" (zh-CN) or "11/22/2026, 11:19:20" (en). */
export function formatDateTime(ms: number | null | undefined, locale: string): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return ''
  return formatter(locale, true).format(new Date(ms))
}

export function formatDate(ms: number | null | undefined, locale: string): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return ''
  return formatter(locale, false).format(new Date(ms))
}
