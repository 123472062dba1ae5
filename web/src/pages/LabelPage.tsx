/** Placeholder: filled in by the Label work. */
export function LabelPage() {
  return (
    <main className="page">
      <p className="muted">Label is not built yet.</p>
    </main>
  )
}
