/**
 * Where Veil's installers are published. There is no auto-update: "Check for Updates…" opens this
 * page in the user's browser. It is a fixed https address (package.json's repository + /releases,
 * which test/unit/menu-template.test.ts keeps in step), never one built from input.
 */
export const RELEASES_URL = 'https://github.com/veil-neuro/veil/releases';
