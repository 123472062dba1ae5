/**
 * @module
 * Project instructions in Markdown. markdown-it runs with HTML disabled: raw HTML in the text is
 * escaped, and its link check refuses `javascript:` and similar URLs. The output is markdown-it's
 * own markup around escaped text, the one place the app sets HTML.
 */
import MarkdownIt from 'markdown-it'
import { useMemo } from 'react'

const md = new MarkdownIt({ html: false, linkify: true, typographer: false })

export function Markdown({ source, className = 'markdown' }: { source: string; className?: string }) {
  const html = useMemo(() => md.render(source), [source])
  if (!source.trim()) return null
  return <div className={className} dangerouslySetInnerHTML={{ __html: html }} />
}
