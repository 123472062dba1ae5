/**
 * @module
 * Inter-annotator agreement and consensus, pure functions over annotation results: callers load
 * the annotations, these modules only compute.
 */
export type { AgreementMeasure, PairScore, ProjectScore, Rater, ResultItemLike, Score, TaskRaters } from './agreement.js'
export { majorityVote, type Consensus } from './consensus.js'
export { cohenKappa, fleissKappa, type KappaResult } from './kappa.js'
export { agreementMeasures, measureByControlType } from './measures.js'
export { projectControlAgreement, summarize, type Distribution, type ProjectControlAgreement } from './project-agreement.js'
export { compareRaters, ratersOf, taskControlAgreement, type ControlRef, type TaskControlAgreement } from './task-agreement.js'
