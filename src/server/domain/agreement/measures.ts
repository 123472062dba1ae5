/**
 * @module
 * Every agreement measure, registered here and nowhere else, keyed by the control type it
 * applies to. A new measure is one module added to this array.
 */
import type { AgreementMeasure } from './agreement.js'
import { choicesAgreement } from './choices.js'
import { boxAgreement, polygonAgreement } from './regions.js'
import { spanAgreement } from './spans.js'

export const agreementMeasures: readonly AgreementMeasure[] = [choicesAgreement, spanAgreement, boxAgreement, polygonAgreement]

export const measureByControlType = new Map(agreementMeasures.map((m) => [m.controlType, m]))
