import { Link, useLocation } from 'wouter'
import { useSession } from './session'

export function TopBar() {
  const { me, logout } = useSession()
  const [, navigate] = useLocation()
  return (
    <nav className="topbar" aria-label="Main">
      <Link href="/projects" className="brand">
        labelloop
      </Link>
      <Link href="/projects">Projects</Link>
      <Link href="/tokens">API tokens</Link>
      <span className="spacer" />
      <span className="muted">{me?.email}</span>
      <button
        type="button"
        className="link"
        onClick={async () => {
          await logout()
          navigate('/login')
        }}
      >
        Log out
      </button>
    </nav>
  )
}
