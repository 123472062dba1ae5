/** Placeholder: filled in by the Model work. */
export function ModelPage() {
  return (
    <main className="page">
      <p className="muted">Model is not built yet.</p>
    </main>
  )
}
