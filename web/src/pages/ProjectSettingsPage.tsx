/** Placeholder: filled in by the ProjectSettings work. */
export function ProjectSettingsPage() {
  return (
    <main className="page">
      <p className="muted">ProjectSettings is not built yet.</p>
    </main>
  )
}
