import { describe, expect, it } from 'vitest'
import { formatDate, formatDateTime } from '@/lib/datetime'

describe('dates in Asia/Shanghai', () => {
  // 2026-01-01T16:30:05Z is 2026-01-02 00:30:05 in Beijing, whatever the machine's zone.
  const ms = Date.UTC(2026, 0, 1, 16, 30, 5)

  it('formats in China Standard Time', () => {
    expect(formatDateTime(ms, 'zh-CN')).toBe('2026/01/02 00:30:05')
    expect(formatDate(ms, 'zh-CN')).toBe('2026/01/02')
    expect(formatDateTime(ms, 'en')).toContain('00:30:05')
    expect(formatDateTime(ms, 'en')).toContain('01/02/2026')
  })

  it('renders nothing for missing times', () => {
    expect(formatDateTime(null, 'zh-CN')).toBe('')
    expect(formatDateTime(undefined, 'en')).toBe('')
  })
})
