/**
 * @module
 * The app's routes. Every page is one module under pages/; project pages share ProjectLayout
 * (the project's tabs). Anyone not logged in lands on the login page.
 */
import { Redirect, Route, Switch } from 'wouter'
import { ComparePage } from '../pages/ComparePage'
import { DashboardPage } from '../pages/DashboardPage'
import { DataManagerPage } from '../pages/DataManagerPage'
import { LabelPage } from '../pages/LabelPage'
import { LoginPage } from '../pages/LoginPage'
import { ModelPage } from '../pages/ModelPage'
import { ProjectSettingsPage } from '../pages/ProjectSettingsPage'
import { ProjectsPage } from '../pages/ProjectsPage'
import { ReviewPage } from '../pages/ReviewPage'
import { TokensPage } from '../pages/TokensPage'
import { ProjectLayout } from './ProjectLayout'
import { SessionProvider, useSession } from './session'
import { TopBar } from './TopBar'

function Routes() {
  const { me, loading } = useSession()
  if (loading) return <p className="muted page">Loading…</p>
  if (!me) {
    return (
      <Switch>
        <Route path="/login" component={LoginPage} />
        <Route>
          <Redirect to="/login" />
        </Route>
      </Switch>
    )
  }
  return (
    <>
      <TopBar />
      <Switch>
        <Route path="/login">
          <Redirect to="/projects" />
        </Route>
        <Route path="/">
          <Redirect to="/projects" />
        </Route>
        <Route path="/projects" component={ProjectsPage} />
        <Route path="/projects/new" component={ProjectSettingsPage} />
        <Route path="/tokens" component={TokensPage} />
        <Route path="/projects/:id" nest>
          <ProjectLayout>
            <Switch>
              <Route path="/" component={DashboardPage} />
              <Route path="/label" component={LabelPage} />
              <Route path="/label/:taskId" component={LabelPage} />
              <Route path="/review" component={ReviewPage} />
              <Route path="/compare/:taskId" component={ComparePage} />
              <Route path="/data" component={DataManagerPage} />
              <Route path="/settings" component={ProjectSettingsPage} />
              <Route path="/model" component={ModelPage} />
            </Switch>
          </ProjectLayout>
        </Route>
        <Route>
          <main className="page">
            <h1>Not found</h1>
            <p>There is no page at this address.</p>
          </main>
        </Route>
      </Switch>
    </>
  )
}

export function App() {
  return (
    <SessionProvider>
      <Routes />
    </SessionProvider>
  )
}
