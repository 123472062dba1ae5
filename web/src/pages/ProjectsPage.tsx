import { Link } from 'wouter'
import type { Page, Project } from '../api/types'
import { useApi } from '../app/use-api'
import { ErrorMessage } from '../components/ErrorMessage'

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
          <li key={project.id} className="card">
            <Link href={`/projects/${project.id}`}>{project.title}</Link>
            <span className="muted"> · overlap {project.overlap} · {project.sampling}</span>
          </li>
        ))}
      </ul>
    </main>
  )
}
