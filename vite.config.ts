import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import preact from '@preact/preset-vite';
import { build, type Plugin, type Rolldown } from 'vite';
import { defineConfig } from 'vitest/config';
import { VitePWA } from 'vite-plugin-pwa';
import { surveyCatalog } from './src/server/content.ts';

const pkg = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8')) as { version: string };

/**
 * Emits the shipped surveys as static JSON (`surveys/index.json` and one file per version), so
 * the service worker precaches them and the app works offline from the first visit. The build
 * fails when a definition breaks the format.
 */
function shippedSurveys(): Plugin {
  return {
    name: 'siang-shipped-surveys',
    configureServer(server) {
      server.middlewares.use((req, res, next) => {
        const files = surveyCatalog();
        const body = req.url ? files.get(req.url.replace(/^\//, '').split('?')[0] ?? '') : undefined;
        if (!body) return next();
        res.setHeader('content-type', 'application/json; charset=utf-8');
        res.end(body);
      });
    },
    generateBundle() {
      for (const [fileName, source] of surveyCatalog()) {
        this.emitFile({ type: 'asset', fileName, source });
      }
    },
  };
}

/**
 * Writes `.br` and `.gz` beside every compressible file of the build, once, at the highest
 * levels; the server sends them as they are to browsers that accept them.
 */
function precompress(): Plugin {
  let outDir = 'dist';
  return {
    name: 'siang-precompress',
    apply: 'build',
    configResolved(config) {
      outDir = config.build.outDir;
    },
    closeBundle: {
      order: 'post',
      sequential: true,
      handler() {
        const walk = (dir: string): string[] =>
          readdirSync(dir).flatMap((name) => {
            const path = join(dir, name);
            return statSync(path).isDirectory() ? walk(path) : [path];
          });
        for (const file of walk(outDir)) {
          if (!/\.(js|mjs|css|html|json|svg|webmanifest|txt)$/.test(file)) continue;
          const data = readFileSync(file);
          if (data.length < 1024) continue;
          writeFileSync(`${file}.gz`, gzipSync(data, { level: 9 }));
          writeFileSync(`${file}.br`, brotliCompressSync(data, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }));
        }
      },
    },
  };
}

/**
 * The public page's own light entry (`public.html`, served for `/p` and `/p/*`): built apart,
 * within the app's build, and emitted into it, so it carries its own copy of Preact and i18next
 * and neither Dexie nor the respondents' app, while the respondents' chunks stay exactly as they
 * are (one build would share those modules through one chunk both pages load). Emitted before
 * the service worker's precache list is made, so the page is kept for offline reading.
 */
function publicEntry(): Plugin {
  let sourcemap: boolean | 'inline' | 'hidden' = false;
  return {
    name: 'siang-public-entry',
    apply: 'build',
    configResolved(config) {
      sourcemap = config.build.sourcemap;
    },
    async generateBundle(_options, bundle) {
      const built = await build({
        configFile: false,
        logLevel: 'warn',
        define: { __APP_VERSION__: JSON.stringify(pkg.version) },
        plugins: [preact()],
        build: {
          target: 'es2022',
          sourcemap,
          write: false,
          copyPublicDir: false,
          rolldownOptions: { input: { public: fileURLToPath(new URL('./public.html', import.meta.url)) } },
        },
      });
      const outputs = (Array.isArray(built) ? built : [built]) as Rolldown.RolldownOutput[];
      for (const file of outputs.flatMap((o) => o.output)) {
        // The fonts and any module both builds made alike are the same file: emitted once.
        if (bundle[file.fileName]) continue;
        this.emitFile({
          type: 'asset',
          fileName: file.fileName,
          source: file.type === 'chunk' ? file.code : file.source,
        });
      }
    },
  };
}

export default defineConfig({
  define: {
    __APP_VERSION__: JSON.stringify(pkg.version),
  },
  resolve: {
    // Dexie's ES module build for modern browsers: the same API as its default (UMD, ES5) build
    // without the older browsers' code, 1.3 KB gzip less on a respondent's first load.
    alias: [{ find: /^dexie$/, replacement: 'dexie/dist/modern/dexie.mjs' }],
  },
  build: {
    target: 'es2022',
    sourcemap: true,
    rolldownOptions: {
      output: {
        // The respondent's first load as one chunk: main.tsx and everything it imports statically
        // (Dexie, i18next, Preact, the survey screens). Left alone, the bundler split the shared
        // modules into five chunks once several lazy screens imported them, and each compressed
        // on its own cost about 2 KB gzip more. Lazy screens keep their own chunks.
        codeSplitting: {
          groups: [{ name: 'app', test: /src[\\/]app[\\/]main\.tsx$/ }],
        },
      },
    },
  },
  plugins: [
    preact(),
    shippedSurveys(),
    publicEntry(),
    precompress(),
    VitePWA({
      strategies: 'injectManifest',
      srcDir: 'src/sw',
      filename: 'sw.ts',
      injectRegister: false,
      registerType: 'prompt',
      manifestFilename: 'manifest.webmanifest',
      injectManifest: {
        globPatterns: ['**/*.{js,css,html,woff2,json,svg,png,webmanifest}'],
        globIgnores: ['**/*.map', 'config.json'],
      },
      manifest: {
        name: 'Siang — เสียงของผู้มีส่วนได้ส่วนเสีย',
        short_name: 'เสียง',
        description: 'แบบสำรวจความคาดหวังและความพึงพอใจของผู้มีส่วนได้ส่วนเสีย ใช้ได้แม้ไม่มีอินเทอร์เน็ต',
        lang: 'th',
        start_url: '/',
        scope: '/',
        display: 'standalone',
        orientation: 'any',
        theme_color: '#1d4e89',
        background_color: '#ffffff',
        icons: [
          { src: '/icons/icon-192.png', sizes: '192x192', type: 'image/png', purpose: 'any' },
          { src: '/icons/icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'any' },
          { src: '/icons/icon-maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
        ],
      },
      devOptions: { enabled: false },
    }),
  ],
  test: {
    // Tests wait for states; on CI's 2 shared cores a state can take seconds to come. A poll ends
    // as soon as its condition holds, so its default ceiling (1 s in vitest) is raised for all.
    expect: { poll: { timeout: 30_000, interval: 100 } },
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['test/**/*.test.{ts,tsx}'],
          exclude: ['test/server/**'],
          environment: 'happy-dom',
          setupFiles: ['test/setup-unit.ts'],
          testTimeout: 30_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'server',
          include: ['test/server/**/*.test.ts'],
          environment: 'node',
          // Ceilings for a loaded machine: a server or `siang` on a fresh data folder runs initdb.
          testTimeout: 180_000,
          hookTimeout: 180_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.e2e.ts'],
          environment: 'node',
          globalSetup: ['test/e2e/global-setup.ts'],
          // Ceilings for a loaded machine (each server's first start runs initdb in WASM).
          testTimeout: 180_000,
          hookTimeout: 180_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
