/**
 * Renderer build. Exported as a plain object so the Electron build (electron.vite.config.ts)
 * reuses the very same settings for its renderer bundle.
 */
import react from '@vitejs/plugin-react';
import { defineConfig, type UserConfig } from 'vite';

// Plain strings, not node:path: the renderer folder's lint rules keep Node built-ins out of it.
const projectRoot = `${import.meta.dirname}/..`;

export const rendererConfig: UserConfig = {
  root: import.meta.dirname,
  // Relative asset URLs: the same bundle loads from the headless host and from file:// in Electron.
  base: './',
  plugins: [react()],
  css: { postcss: projectRoot },
  build: {
    outDir: `${projectRoot}/out/renderer`,
    emptyOutDir: true,
    // The polyfill is an inline script, which the CSP (script-src 'self') forbids.
    modulePreload: { polyfill: false },
    target: 'es2022',
    sourcemap: false,
  },
};

export default defineConfig(rendererConfig);
