/**
 * Single-key shortcuts of the Compare view (p, f, a, n, b). They are ignored while the user types in a
 * field, with a modifier held (Ctrl+F stays the browser's), and while the view is hidden.
 */
import { useEffect, useRef } from 'react';

/**
 * Calls `actions[key]` for each unmodified key press outside text fields while `active`.
 *
 * @example
 * useShortcuts(area === 'compare', { n: next, b: previous });
 */
export function useShortcuts(active: boolean, actions: Readonly<Record<string, () => void>>): void {
  // The listener reads the newest actions without being re-registered on every render.
  const latest = useRef(actions);
  useEffect(() => {
    latest.current = actions;
  });
  useEffect(() => {
    if (!active) return;
    const onKey = (event: KeyboardEvent) => {
      if (event.ctrlKey || event.metaKey || event.altKey || event.repeat || isTextField(event.target)) return;
      const action = latest.current[event.key.toLowerCase()];
      if (!action) return;
      event.preventDefault();
      action();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [active]);
}

function isTextField(target: EventTarget | null): boolean {
  return target instanceof HTMLElement && (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName));
}
