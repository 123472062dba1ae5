/** What is happening to the annotator's work, in plain words: draft, sending, offline, conflict. */
import { plainMessage } from '../../api/client'
import './work.css'
import type { DraftState } from './use-autosave'
import type { Conflict, SendState } from './use-label-work'

const DRAFT_TEXT: Record<DraftState, string> = {
  clean: '',
  pending: 'Unsaved changes…',
  saving: 'Saving draft…',
  saved: 'Draft saved',
  offline: 'Offline: the draft will be saved when the server is back',
  failed: 'The draft could not be saved',
}

export function WorkStatus({ draft, send, online, leaseLost }: { draft: DraftState; send: SendState; online: boolean; leaseLost: boolean }) {
  return (
    <div className="work-status" aria-live="polite">
      {!online && <span className="warn">You are offline. Your work is kept here and sent when the connection returns.</span>}
      {leaseLost && <span className="warn">Your hold on this task expired and it went to someone else; a submit may be refused.</span>}
      {send.kind === 'sending' && <span>Sending…</span>}
      {send.kind === 'retrying' && <span className="warn">Cannot reach the server; retrying (attempt {send.attempt})…</span>}
      {send.kind === 'failed' && (
        <span className="error" role="alert">
          {plainMessage(send.error)}
        </span>
      )}
      {send.kind === 'idle' && DRAFT_TEXT[draft] && <span className="muted" data-draft={draft}>{DRAFT_TEXT[draft]}</span>}
    </div>
  )
}

export function ConflictPanel({ conflict, onTakeTheirs, onOverwrite }: { conflict: Conflict; onTakeTheirs(): void; onOverwrite(): void }) {
  return (
    <div className="conflict error" role="alert">
      <strong>Someone else changed this annotation while you worked on it.</strong> {conflict.message}. It is now version{' '}
      {conflict.current.version} ({conflict.current.result.length} result item(s), status {conflict.current.status}).
      <div className="actions">
        <button type="button" onClick={onTakeTheirs}>
          Load their version (drop my changes)
        </button>
        <button type="button" className="danger" onClick={onOverwrite}>
          Overwrite with mine
        </button>
      </div>
    </div>
  )
}
