/**
 * @module
 * Project setup: `/projects/new` creates a project; `/projects/{id}/settings` edits it and holds
 * its members, import, export and deletion.
 */
import './manager.css'
import { useLocation, useRoute } from 'wouter'
import { api } from '../api/client'
import { useProject } from '../app/ProjectLayout'
import { useSession } from '../app/session'
import { ErrorMessage } from '../components/ErrorMessage'
import { ExportSection } from './settings/ExportSection'
import { ImportSection } from './settings/ImportSection'
import { MembersSection } from './settings/MembersSection'
import { ProjectForm } from './settings/ProjectForm'
import { useState } from 'react'

export function ProjectSettingsPage() {
  const [isNew] = useRoute('/projects/new')
  return isNew ? <NewProjectPage /> : <EditProjectPage />
}

function NewProjectPage() {
  const [, navigate] = useLocation()
  return (
    <main className="page">
      <h1>New project</h1>
      <ProjectForm onSaved={(project) => navigate(`/projects/${project.id}/settings#import`)} />
    </main>
  )
}

const rank = { owner: 4, manager: 3, reviewer: 2, annotator: 1 } as const

function EditProjectPage() {
  const { project, reload } = useProject()
  const { me } = useSession()
  const [, navigate] = useLocation()
  const [deleteError, setDeleteError] = useState<unknown>()
  const canManage = Boolean(me?.is_admin) || (project.role !== null && rank[project.role] >= rank.manager)
  const isOwner = Boolean(me?.is_admin) || project.role === 'owner'

  async function remove() {
    if (!window.confirm(`Delete “${project.title}” with all its tasks and annotations? This cannot be undone.`)) return
    try {
      await api.delete(`/projects/${project.id}`)
      navigate('~/projects')
    } catch (err) {
      setDeleteError(err)
    }
  }

  if (!canManage) {
    return (
      <main className="page">
        <p className="muted">Only the project's managers and owners change its settings.</p>
        <MembersSection projectId={project.id} canManage={false} />
      </main>
    )
  }
  return (
    <main className="page settings">
      <nav className="section-nav" aria-label="Settings sections">
        <a href="#general">General</a> · <a href="#members">Members</a> · <a href="#import">Import</a> · <a href="#export">Export</a>
      </nav>
      <div id="general">
        <ProjectForm key={project.updated_at} project={project} onSaved={reload} />
      </div>
      <MembersSection projectId={project.id} canManage />
      <ImportSection projectId={project.id} />
      <ExportSection projectId={project.id} />
      {isOwner && (
        <section className="card danger-zone" aria-label="Delete project">
          <h2>Delete the project</h2>
          <ErrorMessage error={deleteError} />
          <button type="button" className="danger" onClick={() => void remove()}>
            Delete project
          </button>
        </section>
      )}
    </main>
  )
}
