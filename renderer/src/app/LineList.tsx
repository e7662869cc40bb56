/**
 * A list of sentences (evidence, what is left to do, reasons, warnings), or nothing when there are
 * none. Lines are their own keys: the core never sends the same sentence twice in one list.
 *
 * @example
 * <LineList className="todo" label="Still to do" lines={step.todo} />
 */
export function LineList({ lines, className, label }: { lines: readonly string[]; className?: string; label?: string }) {
  if (lines.length === 0) return null;
  return (
    <ul className={className} aria-label={label}>
      {lines.map((line) => (
        <li key={line}>{line}</li>
      ))}
    </ul>
  );
}
