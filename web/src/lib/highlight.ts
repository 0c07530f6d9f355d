// Search highlights (title_html, abstract_html) made safe for v-html.
//
// The server sends HTML-escaped text with the matches in <em>…</em>. The page does not rely
// on that: it escapes everything again and lets through exactly the tags <em> and </em>,
// balanced. Any other markup shows as text; entities the server wrote (&lt; &amp; …) show as
// the characters they stand for.

const NAMED_ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" }

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (entity, name: string) => {
    if (name[0] === '#') {
      const code = name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10)
      return code > 0 && code <= 0x10ffff && !(code >= 0xd800 && code <= 0xdfff) ? String.fromCodePoint(code) : entity
    }
    return NAMED_ENTITIES[name.toLowerCase()] ?? entity
  })
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)
}

/** HTML holding only text and balanced <em> elements (no attributes, no nesting). */
export function sanitizeHighlight(html: string | null | undefined): string {
  if (!html) return ''
  let out = ''
  let open = false
  for (const part of html.split(/(<\/?em>)/i)) {
    const tag = part.toLowerCase()
    if (tag === '<em>') {
      if (!open) out += '<em>'
      open = true
    } else if (tag === '</em>') {
      if (open) out += '</em>'
      open = false
    } else {
      out += escapeHtml(decodeEntities(part))
    }
  }
  return open ? `${out}</em>` : out
}
