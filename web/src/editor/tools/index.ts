/**
 * @module
 * Every image tool, registered here and nowhere else (as tldraw's `defaultTools`). A new tool is
 * a folder with its tool file and one file per state, added to this array.
 */
import type { ToolClass } from '../state/state-node'
import { KeypointTool } from './keypoint/keypoint-tool'
import { PolygonTool } from './polygon/polygon-tool'
import { RectangleTool } from './rectangle/rectangle-tool'
import { SelectTool } from './select/select-tool'

export const defaultTools: readonly ToolClass[] = [SelectTool, RectangleTool, PolygonTool, KeypointTool]
