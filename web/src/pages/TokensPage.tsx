/**
 * @module
 * Personal API tokens: create one (its secret is shown once, here), see the others by name and
 * prefix, revoke any.
 */
import './manager.css'
import { useState, type FormEvent } from 'react'
import { api } from '../api/client'
import type { ApiToken, ApiTokenCreated } from '../api/types'
import { useApi } from '../app/use-api'
import { ErrorMessage } from '../components/ErrorMessage'

const when = (iso: string | null) => (iso ? new Date(iso).toLocaleString('en') : '—')

export function TokensPage() {
  const { data, error, reload } = useApi<{ items: ApiToken[] }>('/tokens')
  const [name, setName] = useState('')
  const [days, setDays] = useState('')
  const [created, setCreated] = useState<ApiTokenCreated>()
  const [actionError, setActionError] = useState<unknown>()
  const [busy, setBusy] = useState(false)

  async function create(event: FormEvent) {
    event.preventDefault()
    setBusy(true)
    setActionError(undefined)
    try {
      const body = { name: name.trim(), ...(days ? { expires_in_days: Number(days) } : {}) }
      setCreated(await api.post<ApiTokenCreated>('/tokens', body))
      setName('')
      setDays('')
      reload()
    } catch (err) {
      setActionError(err)
    } finally {
      setBusy(false)
    }
  }

  async function revoke(token: ApiToken) {
    if (!window.confirm(`Revoke the token "${token.name}"? Scripts using it stop working at once.`)) return
    setActionError(undefined)
    try {
      await api.delete(`/tokens/${token.id}`)
      if (created?.id === token.id) setCreated(undefined)
      reload()
    } catch (err) {
      setActionError(err)
    }
  }

  return (
    <main className="page narrow">
      <h1>API tokens</h1>
      <p className="muted">
        Scripts and SDKs send a token as <code>Authorization: Bearer &lt;token&gt;</code>. A token acts as you, with your roles.
      </p>
      <form className="card inline-form" onSubmit={create} aria-label="New token">
        <label>
          Name
          <input name="token-name" required maxLength={100} value={name} onChange={(e) => setName(e.target.value)} placeholder="e.g. training pipeline" />
        </label>
        <label>
          Expires after (days, optional)
          <input name="token-days" type="number" min={1} max={3650} value={days} onChange={(e) => setDays(e.target.value)} />
        </label>
        <button type="submit" className="primary" disabled={busy || !name.trim()}>
          Create token
        </button>
      </form>
      {created && (
        <div className="card secret" role="status" aria-label="New token secret">
          <strong>Copy the secret of “{created.name}” now: it is shown only once.</strong>
          <code data-testid="token-secret">{created.token}</code>
          <button type="button" onClick={() => void navigator.clipboard?.writeText(created.token)}>
            Copy
          </button>
        </div>
      )}
      <ErrorMessage error={actionError} />
      <ErrorMessage error={error} onRetry={reload} />
      <table className="table" aria-label="Your tokens">
        <thead>
          <tr>
            <th>Name</th>
            <th>Starts with</th>
            <th>Created</th>
            <th>Last used</th>
            <th>Expires</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {data?.items.map((token) => (
            <tr key={token.id}>
              <td>{token.name}</td>
              <td>
                <code>{token.prefix}…</code>
              </td>
              <td>{when(token.created_at)}</td>
              <td>{when(token.last_used_at)}</td>
              <td>{token.expires_at ? when(token.expires_at) : 'never'}</td>
              <td>
                <button type="button" className="danger" onClick={() => void revoke(token)} aria-label={`Revoke ${token.name}`}>
                  Revoke
                </button>
              </td>
            </tr>
          ))}
          {data && data.items.length === 0 && (
            <tr>
              <td colSpan={6} className="muted">
                No tokens yet.
              </td>
            </tr>
          )}
        </tbody>
      </table>
    </main>
  )
}
