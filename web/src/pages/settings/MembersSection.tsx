/**
 * @module
 * Members and roles. Site admins pick people from the user list; others add a member by user id
 * (only admins may list users). The server enforces who may grant what and answers in plain words.
 */
import { useState, type FormEvent } from 'react'
import { api } from '../../api/client'
import type { Member, Page, Role, User } from '../../api/types'
import { useSession } from '../../app/session'
import { useApi } from '../../app/use-api'
import { ErrorMessage } from '../../components/ErrorMessage'

const ROLES: Role[] = ['owner', 'manager', 'reviewer', 'annotator']

export function MembersSection({ projectId, canManage }: { projectId: number; canManage: boolean }) {
  const { me } = useSession()
  const { data, error, reload } = useApi<{ items: Member[] }>(`/projects/${projectId}/members`)
  const users = useApi<Page<User>>(me?.is_admin && canManage ? '/users?limit=1000' : null)
  const [userId, setUserId] = useState('')
  const [role, setRole] = useState<Role>('annotator')
  const [actionError, setActionError] = useState<unknown>()

  async function act(fn: () => Promise<unknown>) {
    setActionError(undefined)
    try {
      await fn()
      reload()
    } catch (err) {
      setActionError(err)
    }
  }

  function add(event: FormEvent) {
    event.preventDefault()
    void act(async () => {
      await api.put(`/projects/${projectId}/members/${Number(userId)}`, { role })
      setUserId('')
    })
  }

  const memberIds = new Set(data?.items.map((m) => m.user_id))
  const candidates = users.data?.items.filter((u) => !memberIds.has(u.id)) ?? []
  return (
    <section className="card" id="members" aria-label="Members">
      <h2>Members</h2>
      <ErrorMessage error={error} onRetry={reload} />
      <ErrorMessage error={actionError} />
      <table className="table compact" aria-label="Project members">
        <thead>
          <tr>
            <th>Person</th>
            <th>Role</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {data?.items.map((m) => (
            <tr key={m.user_id}>
              <td>
                {m.name || m.email} <span className="muted">{m.name ? m.email : ''}</span>
              </td>
              <td>
                {canManage ? (
                  <select
                    aria-label={`Role of ${m.email}`}
                    value={m.role}
                    onChange={(e) => void act(() => api.put(`/projects/${projectId}/members/${m.user_id}`, { role: e.target.value }))}
                  >
                    {ROLES.map((r) => (
                      <option key={r}>{r}</option>
                    ))}
                  </select>
                ) : (
                  m.role
                )}
              </td>
              <td>
                {canManage && (
                  <button type="button" className="danger" aria-label={`Remove ${m.email}`} onClick={() => void act(() => api.delete(`/projects/${projectId}/members/${m.user_id}`))}>
                    Remove
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {canManage && (
        <form className="inline-form" onSubmit={add} aria-label="Add member">
          {users.data ? (
            <label>
              Person
              <select name="member-user" value={userId} onChange={(e) => setUserId(e.target.value)} required>
                <option value="">Choose…</option>
                {candidates.map((u) => (
                  <option key={u.id} value={u.id}>
                    {u.name ? `${u.name} <${u.email}>` : u.email}
                  </option>
                ))}
              </select>
            </label>
          ) : (
            <label>
              User id
              <input name="member-user" type="number" min={1} required value={userId} onChange={(e) => setUserId(e.target.value)} />
            </label>
          )}
          <label>
            Role
            <select name="member-role" value={role} onChange={(e) => setRole(e.target.value as Role)}>
              {ROLES.map((r) => (
                <option key={r}>{r}</option>
              ))}
            </select>
          </label>
          <button type="submit" className="primary" disabled={!userId}>
            Add member
          </button>
        </form>
      )}
    </section>
  )
}
