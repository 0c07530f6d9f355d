import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import en from '@/locales/en'
import zhCN from '@/locales/zh-CN'

const SRC = fileURLToPath(new URL('../../src', import.meta.url))

type Messages = { [key: string]: string | Messages }

function flatten(messages: Messages, prefix = ''): Map<string, string> {
  const out = new Map<string, string>()
  for (const [key, value] of Object.entries(messages)) {
    const path = prefix ? `${prefix}.${key}` : key
    if (typeof value === 'string') out.set(path, value)
    else for (const [k, v] of flatten(value, path)) out.set(k, v)
  }
  return out
}

function filesUnder(dir: string, suffix: string): string[] {
  const out: string[] = []
  for (const name of readdirSync(dir)) {
    const path = join(dir, name)
    if (statSync(path).isDirectory()) out.push(...filesUnder(path, suffix))
    else if (name.endsWith(suffix)) out.push(path)
  }
  return out
}

// Han characters and CJK punctuation / full-width forms.
const CJK = /[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef]/

function stripComments(text: string): string {
  return text
    .replace(/<!--[\s\S]*?-->/g, '')
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/(^|[^:'"`])\/\/.*$/gm, '$1')
}

describe('locale files', () => {
  const zh = flatten(zhCN as Messages)
  const english = flatten(en as Messages)

  it('have exactly the same keys', () => {
    const onlyZh = [...zh.keys()].filter((k) => !english.has(k))
    const onlyEn = [...english.keys()].filter((k) => !zh.has(k))
    expect({ onlyZh, onlyEn }).toEqual({ onlyZh: [], onlyEn: [] })
  })

  it('have no empty strings', () => {
    const empty = [...zh, ...english].filter(([, v]) => v.trim() === '').map(([k]) => k)
    expect(empty).toEqual([])
  })

  it('use the same placeholders in both languages', () => {
    const names = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort()
    const differ = [...zh.keys()].filter((k) => names(zh.get(k)!).join() !== names(english.get(k) ?? '').join())
    expect(differ).toEqual([])
  })

  it('avoid characters vue-i18n treats as syntax (| and @)', () => {
    const bad = [...zh, ...english].filter(([, v]) => /[|@]/.test(v)).map(([k]) => k)
    expect(bad).toEqual([])
  })

  it('keep English free of Chinese, except the name of the other language', () => {
    const chinese = [...english].filter(([k, v]) => k !== 'lang.switchTo' && CJK.test(v)).map(([k]) => k)
    expect(chinese).toEqual([])
  })
})

describe('components', () => {
  it('have no literal Chinese text outside the locale files', () => {
    const files = [...filesUnder(SRC, '.vue'), ...filesUnder(SRC, '.ts')].filter(
      (f) => !relative(SRC, f).startsWith('locales'),
    )
    expect(files.length).toBeGreaterThan(10)
    const offenders: string[] = []
    for (const file of files) {
      const lines = stripComments(readFileSync(file, 'utf8')).split('\n')
      lines.forEach((line, i) => {
        if (CJK.test(line)) offenders.push(`${relative(SRC, file)}:${i + 1}: ${line.trim()}`)
      })
    }
    expect(offenders).toEqual([])
  })

  it('scan .vue templates for literal text outside i18n calls', () => {
    const offenders: string[] = []
    for (const file of filesUnder(SRC, '.vue')) {
      const source = readFileSync(file, 'utf8')
      const template = /<template>([\s\S]*)<\/template>/.exec(source)?.[1] ?? ''
      // Remove i18n calls, then look for Chinese left in the markup.
      const rest = stripComments(template).replace(/\$?t\(\s*(['"`])[^'"`]*\1[^)]*\)/g, '')
      if (CJK.test(rest)) offenders.push(relative(SRC, file))
    }
    expect(offenders).toEqual([])
  })
})
