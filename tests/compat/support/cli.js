// The AWS CLI from Debian's awscli package (botocore underneath), run the way a developer's shell would run it.
import { spawn } from 'node:child_process';

// Invoked by its full path: a pyenv shim or pip copy earlier in PATH would not be what a fresh machine has.
// Debian's awscli package puts it in /usr/bin; AWS_CLI overrides that where a CLI comes preinstalled elsewhere
// (GitHub's Ubuntu runners have /usr/local/bin/aws, and recent Ubuntu has no awscli package).
export const AWS = process.env.AWS_CLI || '/usr/bin/aws';
const CLI_TIMEOUT_MS = 60_000;

/**
 * Runs the CLI with dummy credentials (or those in `env`) and no config files or instance metadata to fall back on.
 * @param {string[]} args
 * @param {Record<string, string | undefined>} env e.g. issued credentials as AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY,
 *   AWS_SESSION_TOKEN; a variable set to undefined is left out (no credentials at all)
 * @returns {Promise<{ status: number | null, stdout: string, stderr: string }>}
 */
export function aws(args, env = {}) {
  return new Promise((resolveRun, reject) => {
    const variables = {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE',
      AWS_SECRET_ACCESS_KEY: 'dummy-secret',
      AWS_EC2_METADATA_DISABLED: 'true',
      AWS_CONFIG_FILE: '/dev/null',
      AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
      AWS_PAGER: '',
      ...env,
    };
    const child = spawn(AWS, args, {
      env: Object.fromEntries(Object.entries(variables).filter(([, value]) => value !== undefined)),
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: CLI_TIMEOUT_MS,
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk) => { stdout += chunk; });
    child.stderr.setEncoding('utf8').on('data', (chunk) => { stderr += chunk; });
    child.on('error', reject);
    child.on('close', (status) => resolveRun({ status, stdout, stderr }));
  });
}
