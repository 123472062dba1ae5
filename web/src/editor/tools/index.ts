/**
 * @module
 * Every image tool, registered here and nowhere else (as tldraw's `defaultTools`). A new tool is
 * a folder with its tool file and one file per state, added to this array.
 */
import type { ToolClass } from '../state/state-node.js'
import { KeypointTool } from './keypoint/keypoint-tool.js'
import { PolygonTool } from './polygon/polygon-tool.js'
import { RectangleTool } from './rectangle/rectangle-tool.js'
import { SelectTool } from './select/select-tool.js'

export const defaultTools: readonly ToolClass[] = [SelectTool, RectangleTool, PolygonTool, KeypointTool]
