// Turning errors into a line a user can read.
import { ApiError } from '@/api/client'
import { i18n } from '@/i18n'

export function errorText(error: unknown): string {
  const t = i18n.global.t
  if (error instanceof ApiError) {
    if (error.status === 0) return t('errors.network')
    if (error.status === 403 && !error.detail) return t('errors.forbidden')
    return error.detail || error.title
  }
  return error instanceof Error ? error.message : String(error)
}
