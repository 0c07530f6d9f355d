// Patent numbers as people write them and as the page shows them.
//
// Publication numbers are stored compact, country + number + kind ("CN104223590A",
// "US7057742B2", "USD534673S"); people write "US 7,057,742 B2" or "CN 104223590 A".
// The API accepts any of these; links use the compact form.

export interface PublicationNumberParts {
  country: string
  number: string
  kind: string
}

/** "US 7,473,466 B1" → "US7473466B1"; " 2006/0123456 " → "20060123456". Keeps the "." of a CN application number. */
export function compactPatentNumber(text: string): string {
  return text.trim().toUpperCase().replace(/[\s,/]+/g, '')
}

const PUBLICATION = /^([A-Z]{2})([A-Z]{0,2}\d+)([A-Z]\d?)?$/

/** Splits a publication number into country, number and kind; null when it is not one. */
export function splitPublicationNumber(text: string): PublicationNumberParts | null {
  const match = PUBLICATION.exec(compactPatentNumber(text))
  if (!match) return null
  return { country: match[1], number: match[2], kind: match[3] ?? '' }
}

function groupThousands(digits: string): string {
  return digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',')
}

/** How a US number is printed on the document: 7,057,742; D534,673; RE45,000; 2006/0123456. */
function formatUsNumber(number: string): string {
  const match = /^([A-Z]{0,2})(\d+)$/.exec(number)
  if (!match) return number
  const [, prefix, digits] = match
  if (!prefix && digits.length === 11) return `${digits.slice(0, 4)}/${digits.slice(4)}`
  const trimmed = digits.replace(/^0+(?=\d)/, '')
  return prefix + groupThousands(trimmed)
}

/**
 * For reading: "CN104223590A" → "CN 104223590 A", "US07057742B2" → "US 7,057,742 B2",
 * "US20060123456A1" → "US 2006/0123456 A1". Anything else is returned trimmed.
 */
export function formatPublicationNumber(text: string | null | undefined): string {
  if (!text) return ''
  const parts = splitPublicationNumber(text)
  if (!parts) return text.trim()
  const number = parts.country === 'US' ? formatUsNumber(parts.number) : parts.number
  return [parts.country, number, parts.kind].filter(Boolean).join(' ')
}

/** The app's page of a patent. */
export function patentPath(number: string): string {
  return `/patents/${encodeURIComponent(compactPatentNumber(number))}`
}

/**
 * The publication number a citation refers to, compact: country + number + kind code,
 * without repeating a country the number already starts with. Empty when there is no number.
 */
export function citedPublicationNumber(citation: {
  country?: string | null
  number?: string | null
  kind_code?: string | null
}): string {
  const number = compactPatentNumber(citation.number ?? '')
  if (!number) return ''
  const country = compactPatentNumber(citation.country ?? '')
  const kind = compactPatentNumber(citation.kind_code ?? '')
  const withCountry = country && !number.startsWith(country) ? country + number : number
  return kind && !withCountry.endsWith(kind) ? withCountry + kind : withCountry
}
