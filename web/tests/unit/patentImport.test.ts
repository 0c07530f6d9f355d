import { describe, expect, it } from 'vitest'
import type { PatentImportJob, PatentImportJobState } from '@/api/types'
import { ApiError } from '@/api/client'
import {
  followJob,
  formatBytes,
  formatDuration,
  importFileProblem,
  isJobFinished,
  jobPercent,
  MAX_IMPORT_BYTES,
  percentOf,
} from '@/lib/patentImport'

describe('importFileProblem', () => {
  it('accepts the five formats in any case', () => {
    for (const name of ['a.xml', 'b.JSONL', 'c.csv', 'd.xlsx', 'e.ZIP', 'US07057742-20060606.XML']) {
      expect(importFileProblem(name, 10)).toBeNull()
    }
  })

  it('refuses other types, files over 64 MiB and empty files', () => {
    expect(importFileProblem('a.pdf', 10)).toBe('badType')
    expect(importFileProblem('a.xls', 10)).toBe('badType')
    expect(importFileProblem('xml', 10)).toBe('badType')
    expect(importFileProblem('a.zip', MAX_IMPORT_BYTES + 1)).toBe('tooLarge')
    expect(importFileProblem('a.zip', MAX_IMPORT_BYTES)).toBeNull()
    expect(importFileProblem('a.csv', 0)).toBe('empty')
  })
})

describe('formatBytes', () => {
  it('uses binary units', () => {
    expect(formatBytes(0)).toBe('0 B')
    expect(formatBytes(1023)).toBe('1023 B')
    expect(formatBytes(1536)).toBe('1.5 KB')
    expect(formatBytes(21430)).toBe('20.9 KB')
    expect(formatBytes(MAX_IMPORT_BYTES)).toBe('64 MB')
  })
})

describe('percentOf', () => {
  it('rounds down and stays within 0-100', () => {
    expect(percentOf(0, 100)).toBe(0)
    expect(percentOf(999, 1000)).toBe(99)
    expect(percentOf(1000, 1000)).toBe(100)
    expect(percentOf(2000, 1000)).toBe(100)
    expect(percentOf(10, 0)).toBe(0)
  })
})

function jobAt(state: PatentImportJobState, bytesDone: number, bytesTotal = 1000): PatentImportJob {
  return {
    id: 'job1',
    state,
    filename: 'a.jsonl',
    owner: 'jn_official',
    created_at: 0,
    started_at: null,
    finished_at: null,
    cancel_requested: false,
    progress: {
      bytes_done: bytesDone,
      bytes_total: bytesTotal,
      read: bytesDone / 10,
      imported: 0,
      updated: 0,
      unchanged: 0,
      rejected: 0,
      skipped: 0,
      elapsed_seconds: 1,
      records_per_second: 0,
      bytes_per_second: 0,
      eta_seconds: null,
    },
    report: null,
    error: null,
  }
}

describe('jobs', () => {
  it('tell finished states', () => {
    expect(['queued', 'running'].map((s) => isJobFinished(s as PatentImportJobState))).toEqual([false, false])
    expect(['succeeded', 'failed', 'cancelled'].every((s) => isJobFinished(s as PatentImportJobState))).toBe(true)
  })

  it('show the share of bytes read, all of it once succeeded', () => {
    expect(jobPercent(jobAt('queued', 0))).toBe(0)
    expect(jobPercent(jobAt('running', 455))).toBe(45)
    expect(jobPercent(jobAt('cancelled', 455))).toBe(45)
    expect(jobPercent(jobAt('succeeded', 0, 0))).toBe(100)
  })

  it('write durations as m:ss or h:mm:ss', () => {
    expect(formatDuration(0)).toBe('0:00')
    expect(formatDuration(8.2)).toBe('0:09')
    expect(formatDuration(65)).toBe('1:05')
    expect(formatDuration(3723)).toBe('1:02:03')
    expect(formatDuration(null)).toBe('')
    expect(formatDuration(Number.NaN)).toBe('')
  })
})

describe('followJob', () => {
  const noWait = () => Promise.resolve()

  it('asks until the job has finished and passes on every answer', async () => {
    const answers = [jobAt('running', 300), jobAt('running', 700), jobAt('succeeded', 1000)]
    const asked: string[] = []
    const seen: number[] = []
    const last = await followJob(
      (id) => {
        asked.push(id)
        return Promise.resolve(answers.shift()!)
      },
      jobAt('queued', 0),
      (job) => seen.push(job.progress.bytes_done),
      { sleep: noWait },
    )
    expect(last.state).toBe('succeeded')
    expect(asked).toEqual(['job1', 'job1', 'job1'])
    expect(seen).toEqual([0, 300, 700, 1000])
  })

  it('does not ask about a job that has already finished', async () => {
    let asked = 0
    const last = await followJob(
      () => {
        asked++
        return Promise.resolve(jobAt('running', 0))
      },
      jobAt('failed', 0),
      () => {},
      { sleep: noWait },
    )
    expect(last.state).toBe('failed')
    expect(asked).toBe(0)
  })

  it('rides out network failures but not other errors', async () => {
    const network = new ApiError({ status: 0, title: 'Network error' })
    let calls = 0
    const last = await followJob(
      () => (++calls < 3 ? Promise.reject(network) : Promise.resolve(jobAt('succeeded', 1000))),
      jobAt('running', 0),
      () => {},
      { sleep: noWait },
    )
    expect(last.state).toBe('succeeded')
    const gone = new ApiError({ status: 404, title: 'Not found' })
    await expect(followJob(() => Promise.reject(gone), jobAt('running', 0), () => {}, { sleep: noWait })).rejects.toBe(gone)
    await expect(
      followJob(() => Promise.reject(network), jobAt('running', 0), () => {}, { sleep: noWait, retries: 2 }),
    ).rejects.toBe(network)
  })

  it('stops waiting when aborted', async () => {
    const controller = new AbortController()
    const pending = followJob(() => Promise.resolve(jobAt('running', 0)), jobAt('running', 0), () => {}, {
      intervalMs: 60_000,
      signal: controller.signal,
    })
    controller.abort()
    await expect(pending).rejects.toMatchObject({ name: 'AbortError' })
  })
})
