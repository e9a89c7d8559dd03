import { defineConfig } from 'vite';

// Built by Maven (exec-maven-plugin) straight into the Quarkus static resources.
// `npm run dev` proxies /api to a running web-ui (with its login cookie) on 8080.
export default defineConfig({
  build: {
    outDir: '../../../target/classes/META-INF/resources',
    emptyOutDir: true,
    sourcemap: false,
    chunkSizeWarningLimit: 1024,
  },
  server: {
    proxy: { '/api': { target: 'http://127.0.0.1:8080', ws: true } },
  },
});
