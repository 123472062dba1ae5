/** Placeholder: filled in by the Dashboard work. */
export function DashboardPage() {
  return (
    <main className="page">
      <p className="muted">Dashboard is not built yet.</p>
    </main>
  )
}
