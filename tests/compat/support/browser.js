// Browser pages as an app's users see them: Debian's Chromium (never a downloaded one) driven by playwright-core,
// app scripts bundled from node_modules with esbuild, and a small web server for the app's own origin (the page
// Amplify's redirect sign-in starts from and comes back to).
import { existsSync, mkdirSync } from 'node:fs';
import { createServer as createHttpServer } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { join } from 'node:path';
import { build } from 'esbuild';
import { chromium } from 'playwright-core';
import { repoRoot } from './server.js';

export const CHROMIUM = '/usr/bin/chromium';

/**
 * Launches headless Chromium. It accepts the servers' self-signed certificates (--ignore-certificate-errors), and
 * runs without its sandbox, which refuses to start as root.
 * @returns {Promise<import('playwright-core').Browser>}
 */
export async function launchChromium() {
  if (!existsSync(CHROMIUM)) throw new Error(`No Chromium at ${CHROMIUM}: install Debian's (apt-get install chromium); test.sh does when it is missing.`);
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--ignore-certificate-errors'] });
}

/**
 * Saves the whole page as TestResults/screenshots/compat.<test>/<step>.png at the repository root, beside the .NET
 * suite's screenshots (test.sh's results folder); returns the file's path.
 * @param {import('playwright-core').Page} page
 */
export async function screenshot(page, test, step) {
  const folder = join(repoRoot, 'TestResults', 'screenshots', `compat.${test}`.replace(/[^\w.-]+/g, '_'));
  mkdirSync(folder, { recursive: true });
  const path = join(folder, `${step}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}

/**
 * Bundles a page script and what it imports (aws-amplify and the like) for the browser, as an app's build would.
 * @param {string} entryFile path of the script (outside test/, where node --test would run it as a test)
 * @returns {Promise<string>} the bundle, an ES module
 */
export async function bundleAmplifyApp(entryFile) {
  const result = await build({
    entryPoints: [entryFile],
    bundle: true,
    platform: 'browser',
    format: 'esm',
    target: 'es2022',
    write: false,
    logLevel: 'silent',
    define: { 'process.env.NODE_ENV': '"production"' },
  });
  return result.outputFiles[0].text;
}

/**
 * Serves an app on 127.0.0.1: /app.js is `script`, any other path the HTML page that loads it, so the page answers at
 * whatever redirect URL a test registers (query string and all). Settings the script reads, a test gives the page
 * with the browser context's addInitScript, which applies again when a redirect comes back to the app.
 * @param {{ script: string, certificate?: { cert: string, key: string } }} options with `certificate` (e.g. the
 *   server's, from startServer({ https: true })) the app is served over HTTPS
 * @returns {Promise<{ url: string, stop: () => Promise<void> }>} `url` has no trailing slash
 */
export async function startAppServer({ script, certificate }) {
  const html = `<!doctype html>
<html><head><meta charset="utf-8"><title>Compat app</title>
<script type="module" src="/app.js"></script>
</head><body></body></html>
`;
  const handler = (request, response) => {
    const path = new URL(request.url, 'http://app').pathname;
    if (path === '/app.js') {
      response.writeHead(200, { 'Content-Type': 'text/javascript; charset=utf-8', 'Cache-Control': 'no-store' });
      response.end(script);
    } else if (path === '/favicon.ico') {
      response.writeHead(404).end();
    } else {
      response.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' });
      response.end(html);
    }
  };
  const server = certificate ? createHttpsServer({ cert: certificate.cert, key: certificate.key }, handler) : createHttpServer(handler);
  await new Promise((listening, failed) => {
    server.once('error', failed);
    server.listen(0, '127.0.0.1', listening);
  });
  const url = `${certificate ? 'https' : 'http'}://127.0.0.1:${server.address().port}`;
  const stop = () => new Promise((closed) => {
    server.closeAllConnections();
    server.close(() => closed());
  });
  return { url, stop };
}
