/**
 * @module
 * The labeling interface, for every page that shows or edits a task's labels: the Label and
 * Review queues, the label-config live preview and the data manager's task view.
 *
 * ```tsx
 * import { LabelingView } from '../editor'
 * // edit
 * <LabelingView config={model} data={task.data} value={result} onChange={setResult} predictions={task.predictions} />
 * // show only (a preview next to a form: also pass hotkeys={false})
 * <LabelingView config={model} data={task.data} value={annotation.result} readOnly />
 * ```
 *
 * `config` is the compiled model: `compileLabelConfig(project.label_config)` from
 * `src/contracts/label-config`, or `model` of `POST /projects/{id}/label-config/check`.
 * `value` is a Label Studio `result` array; geometry is in percent of the image (0–100).
 */
export { LabelingView, EDITOR_KEYS, type LabelingViewProps } from './LabelingView'
export { fromPrediction } from './ui/PredictionBar'
export { labelHotkeys, showKey } from './core/hotkeys'
export type { LabelConfigModel, Prediction, ResultItem } from './types'
