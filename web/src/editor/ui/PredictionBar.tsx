/**
 * Pre-annotations: each prediction with its model version and score. Using one puts its regions
 * in the result with their ids and `origin: prediction`; editing them makes `prediction-changed`.
 */
import { useEditor } from '../core/editor-context'
import type { Prediction, ResultItem } from '../types'

export function PredictionBar({ predictions }: { predictions: readonly Prediction[] }) {
  const { store, readOnly } = useEditor()
  if (predictions.length === 0) return null
  return (
    <section className="prediction-bar" aria-label="Predictions">
      <h3>Predictions</h3>
      <ul>
        {predictions.map((p) => (
          <li key={p.id}>
            <span>{p.model_version}</span>
            {p.score !== null && <span className="score">score {p.score.toFixed(2)}</span>}
            <span className="muted">{p.result.length} item(s)</span>
            {!readOnly && (
              <button type="button" className="link" onClick={() => store.set(fromPrediction(p))}>
                Use
              </button>
            )}
          </li>
        ))}
      </ul>
    </section>
  )
}

/** A prediction's result as a starting point: ids kept, origin `prediction`. */
export function fromPrediction(prediction: Prediction): ResultItem[] {
  return prediction.result.map((item, i) => ({
    ...(item as unknown as ResultItem),
    id: typeof item.id === 'string' ? item.id : `p${prediction.id}_${i}`,
    origin: 'prediction',
    // The prediction's score shows on each region that has none of its own.
    ...(typeof item.score !== 'number' && prediction.score !== null ? { score: prediction.score } : {}),
  }))
}
