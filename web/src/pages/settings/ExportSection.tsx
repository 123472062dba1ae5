/**
 * @module
 * Export: pick a format and which annotations, then download. The link is a plain GET of
 * `/projects/{id}/export`, which the server streams as an attachment.
 */
import { useState } from 'react'

export const EXPORT_FORMATS = [
  ['json', 'Label Studio JSON', 'tasks with data, annotations and predictions'],
  ['json_min', 'JSON_MIN', 'one flat object per annotation'],
  ['jsonl', 'JSON Lines', 'one Label Studio task per line'],
  ['csv', 'CSV', 'one row per annotation, one column per control'],
  ['coco', 'COCO', 'boxes and polygons in pixels'],
  ['yolo', 'YOLO', 'zip of labels/*.txt and classes.txt'],
  ['voc', 'Pascal VOC', 'zip of XML files with pixel boxes'],
  ['conll', 'CoNLL-2003', 'token and IOB2 tag per line (NER)'],
] as const

const STATUSES = ['submitted', 'accepted', 'rejected'] as const

export function exportUrl(projectId: number, format: string, statuses: string[], onlyAnnotated: boolean, groundTruth: boolean): string {
  const params = new URLSearchParams({ format })
  for (const s of statuses) params.append('status', s)
  if (onlyAnnotated) params.set('only_annotated', 'true')
  if (groundTruth) params.set('ground_truth', 'true')
  return `/api/v1/projects/${projectId}/export?${params.toString()}`
}

export function ExportSection({ projectId }: { projectId: number }) {
  const [format, setFormat] = useState<string>('json')
  const [statuses, setStatuses] = useState<string[]>(['submitted', 'accepted'])
  const [onlyAnnotated, setOnlyAnnotated] = useState(false)
  const [groundTruth, setGroundTruth] = useState(false)
  const toggle = (s: string) => setStatuses((all) => (all.includes(s) ? all.filter((x) => x !== s) : [...all, s]))
  return (
    <section className="card" id="export" aria-label="Export">
      <h2>Export</h2>
      <fieldset className="formats">
        <legend>Format</legend>
        {EXPORT_FORMATS.map(([name, title, note]) => (
          <label key={name} className="checkbox">
            <input type="radio" name="export-format" value={name} checked={format === name} onChange={() => setFormat(name)} />
            {title} <span className="muted">— {note}</span>
          </label>
        ))}
      </fieldset>
      <fieldset>
        <legend>Annotations</legend>
        {STATUSES.map((s) => (
          <label key={s} className="checkbox">
            <input type="checkbox" checked={statuses.includes(s)} onChange={() => toggle(s)} />
            {s}
          </label>
        ))}
        <label className="checkbox">
          <input type="checkbox" checked={onlyAnnotated} onChange={(e) => setOnlyAnnotated(e.target.checked)} />
          Only tasks with an exported annotation
        </label>
        <label className="checkbox">
          <input type="checkbox" checked={groundTruth} onChange={(e) => setGroundTruth(e.target.checked)} />
          Only ground-truth annotations
        </label>
      </fieldset>
      {statuses.length === 0 ? (
        <p className="error">Pick at least one annotation status.</p>
      ) : (
        <a className="button primary" href={exportUrl(projectId, format, statuses, onlyAnnotated, groundTruth)} download>
          Download export
        </a>
      )}
    </section>
  )
}
