// What the patent import page accepts before it sends a file (the server checks again),
// and how it follows the import job the server runs for each file.
import type { PatentImportJob, PatentImportJobState } from '@/api/types'

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

/** True for the states a job ends in (nothing changes after). */
export function isJobFinished(state: PatentImportJobState): boolean {
  return state === 'succeeded' || state === 'failed' || state === 'cancelled'
}

/** How much of its file the server has read, in whole percent (100 once it succeeded). */
export function jobPercent(job: PatentImportJob): number {
  if (job.state === 'succeeded') return 100
  return percentOf(job.progress?.bytes_done ?? 0, job.progress?.bytes_total ?? 0)
}

/** 9 → "0:09", 65 → "1:05", 3723 → "1:02:03"; '' when unknown. */
export function formatDuration(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds) || seconds < 0) return ''
  const whole = Math.ceil(seconds)
  const hours = Math.floor(whole / 3600)
  const minutes = Math.floor((whole % 3600) / 60)
  const secs = String(whole % 60).padStart(2, '0')
  return hours > 0 ? `${hours}:${String(minutes).padStart(2, '0')}:${secs}` : `${minutes}:${secs}`
}

export interface FollowOptions {
  /** Between two questions to the server; 500 ms by default. */
  intervalMs?: number
  signal?: AbortSignal
  /** Network failures (status 0) in a row tolerated before giving up; 10 by default. */
  retries?: number
  /** For tests: how to wait. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>
}

function sleepFor(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const abort = () => {
      clearTimeout(timer)
      reject(new DOMException('Stopped following the import', 'AbortError'))
    }
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', abort)
      resolve()
    }, ms)
    if (signal?.aborted) abort()
    else signal?.addEventListener('abort', abort, { once: true })
  })
}

/**
 * Asks for a job with `get` every `intervalMs` until it has finished, passing every answer
 * to `onUpdate`; resolves with the last. A network failure is tried again (the server may be
 * restarting); any other error, or an abort, rejects.
 */
export async function followJob(
  get: (id: string, signal?: AbortSignal) => Promise<PatentImportJob>,
  job: PatentImportJob,
  onUpdate: (job: PatentImportJob) => void,
  options: FollowOptions = {},
): Promise<PatentImportJob> {
  const { intervalMs = 500, signal, retries = 10, sleep = sleepFor } = options
  let current = job
  let failures = 0
  onUpdate(current)
  while (!isJobFinished(current.state)) {
    await sleep(intervalMs, signal)
    try {
      current = await get(current.id, signal)
      failures = 0
    } catch (e) {
      const status = (e as { status?: unknown })?.status
      if (status === 0 && ++failures <= retries) continue
      throw e
    }
    onUpdate(current)
  }
  return current
}
