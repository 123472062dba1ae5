/** Placeholder: filled in by the Tokens work. */
export function TokensPage() {
  return (
    <main className="page">
      <p className="muted">Tokens is not built yet.</p>
    </main>
  )
}
