import { describe, expect, it } from 'vitest'
import { sanitizeHighlight } from '@/lib/highlight'

describe('highlight sanitizer', () => {
  it('keeps <em> around matches and the text', () => {
    expect(sanitizeHighlight('一种<em>电池</em>包')).toBe('一种<em>电池</em>包')
    expect(sanitizeHighlight('<EM>Lithium</EM> ion')).toBe('<em>Lithium</em> ion')
  })

  it('escapes every other tag and attribute', () => {
    expect(sanitizeHighlight('<img src=x onerror=alert(1)><em>a</em>')).toBe('&#60;img src=x onerror=alert(1)&#62;<em>a</em>')
    expect(sanitizeHighlight('<em class="x">a</em>')).toBe('&#60;em class=&#34;x&#34;&#62;a')
    expect(sanitizeHighlight('<script>alert(1)</script>')).toBe('&#60;script&#62;alert(1)&#60;/script&#62;')
    expect(sanitizeHighlight('<b>x</b>')).toBe('&#60;b&#62;x&#60;/b&#62;')
  })

  it('shows the server’s entities as the characters they stand for, escaped again', () => {
    expect(sanitizeHighlight('R&amp;D &lt;em&gt; &quot;x&quot; &#39;y&#39; &#x4e2d;')).toBe(
      'R&#38;D &#60;em&#62; &#34;x&#34; &#39;y&#39; \u4e2d',
    )
    // An escaped <em> in the text is text, not markup.
    expect(sanitizeHighlight('&lt;em&gt;x&lt;/em&gt;')).toBe('&#60;em&#62;x&#60;/em&#62;')
    // Unknown entities and bare ampersands stay visible.
    expect(sanitizeHighlight('&nbsp; & &#xD800;')).toBe('&#38;nbsp; &#38; &#38;#xD800;')
  })

  it('balances <em>: no nesting, no stray close, always closed', () => {
    expect(sanitizeHighlight('<em>a<em>b</em>c')).toBe('<em>ab</em>c')
    expect(sanitizeHighlight('a</em>b')).toBe('ab')
    expect(sanitizeHighlight('<em>open')).toBe('<em>open</em>')
  })

  it('is empty for nothing', () => {
    expect(sanitizeHighlight('')).toBe('')
    expect(sanitizeHighlight(null)).toBe('')
    expect(sanitizeHighlight(undefined)).toBe('')
  })
})
