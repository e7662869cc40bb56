/**
 * Safe-by-default HTML for the report: every value interpolated with the `html` tag is escaped unless
 * it is already markup made by the tag itself. Values in the report come from untrusted files (names of
 * files, table headers, notes), so escaping is the default and not something to remember.
 */

/** Markup produced by `html`, safe to interpolate as is. */
export class Markup {
  constructor(readonly text: string) {}
}

const ESCAPES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/**
 * Escapes text for HTML content and attribute values.
 *
 * @example
 * escapeHtml('<script>"x"</script>'); // '&lt;script&gt;&quot;x&quot;&lt;/script&gt;'
 */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => ESCAPES[char] ?? char);
}

export type Interpolation = string | number | boolean | null | undefined | Markup | readonly Interpolation[];

function render(value: Interpolation): string {
  if (value === null || value === undefined || value === false) return '';
  if (value instanceof Markup) return value.text;
  if (Array.isArray(value)) return value.map(render).join('');
  return escapeHtml(String(value));
}

/**
 * The template tag: `html\`<td>${name}</td>\`` escapes `name`; arrays are joined; null and false render nothing.
 *
 * @example
 * html`<p title="${'a"b'}">${'<b>'}</p>`.text; // '<p title="a&quot;b">&lt;b&gt;</p>'
 */
export function html(strings: TemplateStringsArray, ...values: Interpolation[]): Markup {
  return new Markup(strings.reduce((out, part, index) => out + part + (index < values.length ? render(values[index]) : ''), ''));
}
