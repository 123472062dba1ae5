/** Placeholder: filled in by the DataManager work. */
export function DataManagerPage() {
  return (
    <main className="page">
      <p className="muted">DataManager is not built yet.</p>
    </main>
  )
}
