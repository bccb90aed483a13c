export function App() {
  return (
    <div className="shell">
      <header className="topbar">
        <h1>Balance Forensics</h1>
      </header>
      <main>
        <p>Open a case to begin.</p>
      </main>
    </div>
  );
}
