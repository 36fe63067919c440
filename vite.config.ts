import preact from '@preact/preset-vite';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  root: 'client',
  publicDir: 'public',
  plugins: [preact()],
  build: {
    outDir: '../dist/client',
    emptyOutDir: true,
    // The CSP allows no inline script: keep Vite from injecting its preload polyfill inline.
    modulePreload: { polyfill: false },
    target: 'es2020',
    reportCompressedSize: false,
  },
  server: {
    proxy: { '/api': 'http://127.0.0.1:3000' },
  },
  test: {
    root: '.',
    projects: [
      { test: { name: 'unit', root: '.', include: ['tests/unit/**/*.test.ts'], environment: 'node' } },
      {

        test: { name: 'api', root: '.', include: ['tests/api/**/*.test.ts'], environment: 'node', testTimeout: 30_000 },
      },
      {

        test: {
          name: 'browser',
          root: '.',
          include: ['tests/browser/**/*.test.ts'],
          environment: 'node',
          testTimeout: 120_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
