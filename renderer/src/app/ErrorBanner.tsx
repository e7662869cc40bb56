import { useVeil } from '../state/store.js';

/** Shows the last error from the core legibly: its code for support, its message for the user. */
export function ErrorBanner() {
  const error = useVeil((s) => s.error);
  const dismiss = useVeil((s) => s.dismissError);
  if (!error) return null;
  return (
    <div className="error-banner" role="alert">
      <strong className="error-code">{error.code}</strong>
      <span className="error-message">{error.message}</span>
      <button type="button" onClick={dismiss} aria-label="Dismiss error">
        ×
      </button>
    </div>
  );
}
