/**
 * @module
 * The projects the user is in, each with its labeling progress (each card reads its project's
 * stats on its own, so one slow project does not hold up the list).
 */
import './manager.css'
import { Link } from 'wouter'
import type { Page, Project, ProjectStats } from '../api/types'
import { useApi } from '../app/use-api'
import { ErrorMessage } from '../components/ErrorMessage'
import { ProgressBar } from '../components/ProgressBar'

function ProjectCard({ project }: { project: Project }) {
  const { data: stats, error } = useApi<ProjectStats>(`/projects/${project.id}/stats`)
  return (
    <li className="card project-card" aria-label={project.title}>
      <div className="project-card-head">
        <Link href={`/projects/${project.id}`}>{project.title}</Link>
        <span className="muted">
          {project.role ?? 'admin'} · overlap {project.overlap} · {project.sampling}
          {project.review ? ' · review' : ''}
        </span>
      </div>
      {stats && <ProgressBar label="Labeled" value={stats.progress.labeled} max={stats.progress.tasks} tone="ok" />}
      {error !== undefined && <span className="muted">Progress unavailable.</span>}
    </li>
  )
}

export function ProjectsPage() {
  const { data, error, loading, reload } = useApi<Page<Project>>('/projects?limit=200')
  return (
    <main className="page">
      <header className="page-header">
        <h1>Projects</h1>
        <Link href="/projects/new" className="button primary">
          New project
        </Link>
      </header>
      <ErrorMessage error={error} onRetry={reload} />
      {loading && !data && <p className="muted">Loading…</p>}
      {data && data.items.length === 0 && <p className="muted">No projects yet. Create one to start labeling.</p>}
      <ul className="project-list">
        {data?.items.map((project) => (
          <ProjectCard key={project.id} project={project} />
        ))}
      </ul>
    </main>
  )
}
