// Server-side field errors (problem `field`) shown on the matching el-form-item.
import { reactive } from 'vue'
import { ApiError } from '@/api/client'

export function useFieldErrors() {
  const errors = reactive<Record<string, string>>({})

  function clear(): void {
    for (const key of Object.keys(errors)) delete errors[key]
  }

  /**
   * If the error names one of `fields`, show it there and return true; otherwise
   * return false and let the caller show it as a general message.
   */
  function apply(error: unknown, fields: readonly string[], alias: Record<string, string> = {}): boolean {
    clear()
    if (!(error instanceof ApiError) || !error.field) return false
    const field = alias[error.field] ?? error.field
    if (!fields.includes(field)) return false
    errors[field] = error.detail || error.title
    return true
  }

  return { errors, clear, apply }
}
