import { defineConfig } from 'vite';

// The demo runs tlkit in a Web Worker on the tfjs wasm backend; the .wasm files are emitted as assets.
export default defineConfig({
  base: './',
  resolve: {
    // csv-parse's Node entry uses Buffer; its browser build does not.
    alias: { 'csv-parse/sync': 'csv-parse/browser/esm/sync' },
  },
  worker: { format: 'es' },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    chunkSizeWarningLimit: 4096,
    // Two pages: the tabular tasks, and images (drawings, files, camera) on a pretrained backbone.
    rolldownOptions: { input: { main: 'index.html', image: 'image.html' } },
  },
  preview: { host: '127.0.0.1', port: 4173, strictPort: true },
});
