import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';
import { RENDERER_CSP_META } from '../src/security/csp.js';

/** Writes the one CSP (src/security/csp.ts) into index.html, so the header and the meta tag cannot drift. */
function contentSecurityPolicy(): Plugin {
  return {
    name: 'veil-csp',
    transformIndexHtml: (html) => {
      if (!html.includes('%VEIL_CSP%')) throw new Error('renderer/index.html lost its %VEIL_CSP% placeholder');
      return html.replace('%VEIL_CSP%', RENDERER_CSP_META);
    },
  };
}

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  publicDir: fileURLToPath(new URL('../assets/public', import.meta.url)),
  base: './',
  plugins: [react(), contentSecurityPolicy()],
  build: {
    outDir: fileURLToPath(new URL('../dist/renderer', import.meta.url)),
    emptyOutDir: true,
    sourcemap: true,
    // Stays inside what Electron 45's Chromium and Debian's Chromium both run.
    target: 'es2022',
    // niivue alone is about 1.1 MB minified. The renderer is read from disk (veil://) or loopback, never a
    // network, so one large chunk costs a parse at start-up and no download; the zarr codecs stay lazy chunks.
    chunkSizeWarningLimit: 1600,
  },
});
