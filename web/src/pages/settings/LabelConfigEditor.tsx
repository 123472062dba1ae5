/**
 * @module
 * The label config editor: a text area for Label Studio XML or the JSON form, checked as you type
 * (in the browser, with the same compiler the server uses), problems listed by path, and a live
 * preview of the labeling interface with a made-up task.
 */
import { useDeferredValue, useMemo, useState } from 'react'
import { LabelingView, type LabelConfigModel, type ResultItem } from '../../editor'
import { checkConfigText, sampleData } from './label-config-text'

export function LabelConfigEditor({ text, onChange }: { text: string; onChange(text: string): void }) {
  const deferred = useDeferredValue(text)
  const check = useMemo(() => checkConfigText(deferred), [deferred])
  return (
    <div className="config-editor">
      <div>
        <label>
          Label config (Label Studio XML or JSON)
          <textarea
            name="label_config"
            className="code"
            rows={16}
            spellCheck={false}
            value={text}
            onChange={(e) => onChange(e.target.value)}
            aria-invalid={check.issues.length > 0}
            aria-describedby="label-config-issues"
          />
        </label>
        <div id="label-config-issues" aria-live="polite">
          {check.issues.length > 0 ? (
            <ul className="issues" aria-label="Label config problems">
              {check.issues.map((issue, i) => (
                <li key={i}>
                  <code>{issue.path}</code> {issue.message}
                </li>
              ))}
            </ul>
          ) : (
            <p className="ok">
              The config is valid: {check.model?.objects.length} object(s), {check.model?.controls.length} control(s).
            </p>
          )}
        </div>
      </div>
      <section className="preview" aria-label="Preview">
        <h3>Preview</h3>
        {check.model ? (
          <Preview key={deferred} model={check.model} />
        ) : (
          <p className="muted">Fix the problems to see the labeling interface.</p>
        )}
      </section>
    </div>
  )
}

/** The labeling interface on a made-up task; labels put on it are kept until the config changes. */
function Preview({ model }: { model: LabelConfigModel }) {
  const data = useMemo(() => sampleData(model), [model])
  const [value, setValue] = useState<ResultItem[]>([])
  return <LabelingView config={model} data={data} value={value} onChange={setValue} hotkeys={false} />
}
