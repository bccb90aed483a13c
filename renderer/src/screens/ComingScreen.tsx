/** The placeholder of a screen that is not built yet: says what it will do. */
export function ComingScreen({ title, what }: { title: string; what: string }) {
  return (
    <section className="screen coming" aria-labelledby="coming-title">
      <h2 id="coming-title">{title}</h2>
      <div className="panel">
        <p className="coming-badge">Coming in the next part of the app</p>
        <p>{what}</p>
      </div>
    </section>
  );
}
