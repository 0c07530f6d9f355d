// Every i18n key written out literally in the source (t('a.b'), $t("a.b")) exists in
// the locale files; keys built at run time are checked where their lists live
// (patentCodes.test.ts).
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import zhCN from '@/locales/zh-CN'

const SRC = fileURLToPath(new URL('../../src', import.meta.url))

function filesUnder(dir: string): string[] {
  const out: string[] = []
  for (const name of readdirSync(dir)) {
    const path = join(dir, name)
    if (statSync(path).isDirectory()) out.push(...filesUnder(path))
    else if (/\.(vue|ts)$/.test(name)) out.push(path)
  }
  return out
}

function has(key: string): boolean {
  let node: unknown = zhCN
  for (const part of key.split('.')) {
    if (!node || typeof node !== 'object' || !(part in node)) return false
    node = (node as Record<string, unknown>)[part]
  }
  return typeof node === 'string'
}

describe('i18n keys used in the source', () => {
  it('exist in the locale files', () => {
    const missing: string[] = []
    let found = 0
    for (const file of filesUnder(SRC)) {
      if (relative(SRC, file).startsWith('locales')) continue
      const text = readFileSync(file, 'utf8')
      for (const match of text.matchAll(/\$?\bt\(\s*(['"])([A-Za-z][\w.]*)\1/g)) {
        found++
        if (!has(match[2])) missing.push(`${relative(SRC, file)}: ${match[2]}`)
      }
    }
    expect(found).toBeGreaterThan(100)
    expect(missing).toEqual([])
  })
})
