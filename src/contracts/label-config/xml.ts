/**
 * @module
 * Label Studio XML to a plain element tree, keeping document order.
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser'
import type { Issues } from './issues.js'

export interface XmlElement {
  tag: string
  attrs: Record<string, string>
  children: XmlElement[]
}

const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  allowBooleanAttributes: true,
  parseAttributeValue: false,
  parseTagValue: false,
  trimValues: true,
  processEntities: true,
})

type Ordered = Record<string, unknown> & { ':@'?: Record<string, string> }

function convert(node: Ordered): XmlElement | undefined {
  const tag = Object.keys(node).find((k) => k !== ':@')
  if (!tag || tag === '#text' || tag === '#comment' || tag.startsWith('?')) return undefined
  const children = ((node[tag] as Ordered[]) ?? []).map(convert).filter((c): c is XmlElement => Boolean(c))
  return { tag, attrs: { ...(node[':@'] ?? {}) }, children }
}

/** Parses XML; malformed XML is one issue with its line and column. */
export function parseXml(text: string, issues: Issues): XmlElement | undefined {
  const valid = XMLValidator.validate(text, { allowBooleanAttributes: true })
  if (valid !== true) {
    issues.add(`line ${valid.err.line}, column ${valid.err.col}`, `malformed XML: ${valid.err.msg}`)
    return undefined
  }
  const roots = (parser.parse(text) as Ordered[]).map(convert).filter((c): c is XmlElement => Boolean(c))
  if (roots.length !== 1) {
    issues.add('(root)', `expected one root element <View>, found ${roots.length}`)
    return undefined
  }
  return roots[0]
}
