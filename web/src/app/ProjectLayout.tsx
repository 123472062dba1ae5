/**
 * @module
 * A project's frame: its title and tabs. Pages below read the project with `useProject()`.
 */
import { createContext, useContext, type ReactNode } from 'react'
import { Link, useParams, useRoute } from 'wouter'
import type { Project } from '../api/types'
import { ErrorMessage } from '../components/ErrorMessage'
import { useApi } from './use-api'

interface ProjectContextValue {
  project: Project
  reload(): void
}

const ProjectContext = createContext<ProjectContextValue | null>(null)

export function useProject(): ProjectContextValue {
  const value = useContext(ProjectContext)
  if (!value) throw new Error('useProject outside ProjectLayout')
  return value
}

const TABS = [
  ['', 'Dashboard'],
  ['/label', 'Label'],
  ['/review', 'Review'],
  ['/data', 'Data'],
  ['/model', 'Model'],
  ['/settings', 'Settings'],
] as const

function Tab({ path, title }: { path: string; title: string }) {
  const [active] = useRoute(path === '' ? '/' : `${path}/*?`)
  return (
    <Link href={path || '/'} className={active ? 'tab active' : 'tab'} aria-current={active ? 'page' : undefined}>
      {title}
    </Link>
  )
}

export function ProjectLayout({ children }: { children: ReactNode }) {
  const { id } = useParams<{ id: string }>()
  const { data: project, error, reload } = useApi<Project>(`/projects/${id}`)
  if (error) return <ErrorMessage error={error} onRetry={reload} />
  if (!project) return <p className="muted page">Loading…</p>
  return (
    <ProjectContext.Provider value={{ project, reload }}>
      <header className="project-header">
        <h1>{project.title}</h1>
        <nav className="tabs" aria-label="Project">
          {TABS.map(([path, title]) => (
            <Tab key={path} path={path} title={title} />
          ))}
        </nav>
      </header>
      {children}
    </ProjectContext.Provider>
  )
}
