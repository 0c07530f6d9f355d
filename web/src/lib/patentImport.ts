// What the patent import page accepts before it sends a file (the server checks again).

/** Formats POST /patent-imports reads. */
export const IMPORT_EXTENSIONS = ['.xml', '.jsonl', '.csv', '.xlsx', '.zip'] as const
/** The server's limit on one upload: 64 MiB. */
export const MAX_IMPORT_BYTES = 64 * 1024 * 1024
/** The CSV template, served from web/public. */
export const IMPORT_TEMPLATE_URL = '/templates/patent-import-template.csv'

export type ImportFileProblem = 'badType' | 'tooLarge' | 'empty'

/** Why a file would be refused, or null if it may be sent. */
export function importFileProblem(name: string, size: number): ImportFileProblem | null {
  const lower = name.toLowerCase()
  if (!IMPORT_EXTENSIONS.some((ext) => lower.endsWith(ext))) return 'badType'
  if (size > MAX_IMPORT_BYTES) return 'tooLarge'
  if (size === 0) return 'empty'
  return null
}

/** 1536 → "1.5 KB", 64 MiB → "64 MB" (binary units, as the limit is). */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 0) return ''
  const units = ['B', 'KB', 'MB', 'GB']
  let value = bytes
  let unit = 0
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024
    unit++
  }
  const digits = unit === 0 || value >= 100 || Number.isInteger(value) ? 0 : 1
  return `${value.toFixed(digits)} ${units[unit]}`
}

/** Upload progress in whole percent, 0-100. */
export function percentOf(loaded: number, total: number): number {
  if (!(total > 0)) return 0
  return Math.min(100, Math.max(0, Math.floor((loaded / total) * 100)))
}
