/** An area whose capability is not built yet: it says so plainly rather than pretending. */
export function PlannedArea({ id, title, children }: { id: string; title: string; children: string }) {
  return (
    <section className="panel" aria-labelledby={`${id}-title`}>
      <h1 id={`${id}-title`}>{title}</h1>
      <p className="empty">{children}</p>
    </section>
  );
}
