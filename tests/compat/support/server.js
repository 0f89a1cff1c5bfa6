// Starts the published CognitoLite server as a child process, the way an app's test suite or a deployment
// would run it: its own port, its own data folder, killed afterwards.
//
// test.sh publishes the server once to publish/server before `node --test`; `npm test` does the same through
// `node support/server.js publish` (pretest) when nothing is published yet. Test files never publish: node
// runs them in parallel processes, which would race on the same output folder.
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = resolve(fileURLToPath(import.meta.url), '../../../..');
export const publishDir = process.env.COGNITOLITE_PUBLISH_DIR ?? join(repoRoot, 'publish/server');
const serverDll = join(publishDir, 'CognitoLite.Server.dll');

const READY_TIMEOUT_MS = 60_000;
const STOP_TIMEOUT_MS = 10_000;

/** Publishes the server unless a published copy is there already. */
export function ensurePublished() {
  if (existsSync(serverDll)) return;
  const result = spawnSync(
    'dotnet',
    ['publish', join(repoRoot, 'src/CognitoLite.Server'), '-c', 'Release', '-o', publishDir],
    { stdio: 'inherit' },
  );
  if (result.status !== 0) throw new Error(`dotnet publish failed (exit ${result.status})`);
}

/** A port nobody listens on right now (the OS picks it; we release it for the server to take). */
async function freePort() {
  return new Promise((resolvePort, reject) => {
    const probe = createServer();
    probe.unref();
    probe.on('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolvePort(port));
    });
  });
}

/** A fresh base64 key of 32 bytes, as CognitoLite:EncryptionKey wants. */
export const newEncryptionKey = () => randomBytes(32).toString('base64');

/**
 * A self-signed certificate for 127.0.0.1 and localhost, made with openssl in `folder` (Node's crypto cannot issue one).
 * @returns {{ certPath: string, keyPath: string, cert: string, key: string }} PEM files and their text
 */
export function selfSignedCertificate(folder) {
  const certPath = join(folder, 'cert.pem');
  const keyPath = join(folder, 'key.pem');
  const result = spawnSync('openssl', [
    'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=127.0.0.1',
    '-addext', 'subjectAltName=IP:127.0.0.1,DNS:localhost', '-addext', 'extendedKeyUsage=serverAuth',
    '-keyout', keyPath, '-out', certPath,
  ], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`openssl could not make a certificate (exit ${result.status}): ${result.stderr ?? result.error}`);
  return { certPath, keyPath, cert: readFileSync(certPath, 'utf8'), key: readFileSync(keyPath, 'utf8') };
}

/**
 * Starts a server and resolves once /health/ready answers 200.
 * With `https`, it also listens on `httpsUrl` with a self-signed certificate made for this server (`certificate`), as
 * the login pages and Amplify's redirect sign-in need; `url` stays plain HTTP for the SDK clients and the dev outbox.
 * @param {{ args?: string[], env?: Record<string, string>, https?: boolean }} options extra command-line arguments
 *   and environment, and whether to add the HTTPS listener
 * @returns {Promise<{ url: string, port: number, httpsUrl?: string, httpsPort?: number,
 *   certificate?: ReturnType<typeof selfSignedCertificate>, dataDir: string, output: () => string,
 *   stop: () => Promise<void> }>}
 */
export async function startServer({ args = [], env = {}, https = false } = {}) {
  if (!existsSync(serverDll)) {
    throw new Error(`${serverDll} is missing: run ./test.sh or \`npm test\` (which publishes the server first).`);
  }
  // Another process can take the free port between our probe and the server's bind: then try another port.
  for (let attempt = 1; ; attempt++) {
    try {
      return await startOnce(await freePort(), https ? await freePort() : null, args, env);
    } catch (error) {
      if (attempt >= 3 || !/address already in use/i.test(error.message)) throw error;
    }
  }
}

async function startOnce(port, httpsPort, args, env) {
  const url = `http://127.0.0.1:${port}`;
  const dataDir = mkdtempSync(join(tmpdir(), 'cognitolite-compat-'));
  const https = {};
  let listen = ['--urls', url];
  if (httpsPort !== null) {
    https.httpsPort = httpsPort;
    https.httpsUrl = `https://127.0.0.1:${httpsPort}`;
    https.certificate = selfSignedCertificate(dataDir);
    listen = ['--urls', `${url};${https.httpsUrl}`,
      '--Kestrel:Certificates:Default:Path', https.certificate.certPath, '--Kestrel:Certificates:Default:KeyPath', https.certificate.keyPath];
  }
  const child = spawn('dotnet', [serverDll, ...listen, '--data-dir', dataDir, ...args], {
    env: { ...process.env, DOTNET_NOLOGO: '1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });

  // Keep reading the server's output (a full pipe would block it) and keep the tail for failure messages.
  let log = '';
  const keep = (chunk) => { log = (log + chunk).slice(-20_000); };
  child.stdout.setEncoding('utf8').on('data', keep);
  child.stderr.setEncoding('utf8').on('data', keep);
  const exited = new Promise((resolveExit) => child.once('exit', (code, signal) => resolveExit({ code, signal })));
  let exitInfo = null;
  exited.then((info) => { exitInfo = info; });
  // If the test process dies first, do not leave the server behind.
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);

  const stop = async () => {
    process.off('exit', killOnExit);
    if (exitInfo === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
      await exited;
      clearTimeout(timer);
    }
    rmSync(dataDir, { recursive: true, force: true });
  };

  const deadline = Date.now() + READY_TIMEOUT_MS;
  for (;;) {
    if (exitInfo !== null) {
      await stop();
      throw new Error(`server exited before it was ready (${JSON.stringify(exitInfo)}):\n${log}`);
    }
    try {
      const response = await fetch(`${url}/health/ready`, { signal: AbortSignal.timeout(2_000) });
      if (response.status === 200) break;
    } catch {
      // Not listening yet.
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`server not ready on ${url} after ${READY_TIMEOUT_MS} ms:\n${log}`);
    }
    await new Promise((wake) => setTimeout(wake, 100)); // poll interval, bounded by the deadline above
  }
  return { url, port, ...https, dataDir, output: () => log, stop };
}

// `node support/server.js publish`: the pretest step of `npm test`.
if (process.argv[1] === fileURLToPath(import.meta.url) && process.argv[2] === 'publish') ensurePublished();
