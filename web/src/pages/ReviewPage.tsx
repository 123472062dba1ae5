/** Placeholder: filled in by the Review work. */
export function ReviewPage() {
  return (
    <main className="page">
      <p className="muted">Review is not built yet.</p>
    </main>
  )
}
