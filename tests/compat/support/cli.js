// The AWS CLI (botocore underneath), v1 or v2, run the way a developer's shell would run it.
import { spawn } from 'node:child_process';

// test.sh sets AWS_CLI to the `aws` on PATH (installing Debian's awscli, /usr/bin/aws, when there is none).
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

/**
 * Checks a timestamp as the CLI prints it, and that it is within a day of now: CLI v2 prints ISO-8601 text, CLI v1
 * (pip's awscli, whose cli_timestamp_format is "none") the epoch seconds as received. Either way botocore parsed what
 * the server sent.
 * @param {unknown} value
 */
export function assertCliTime(value) {
  const text = String(value);
  const millis = /^\d+(\.\d+)?$/.test(text) ? Number(text) * 1000 : Date.parse(text);
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}/.test(text) && !/^\d+(\.\d+)?$/.test(text)) {
    throw new Error(`not a CLI timestamp: ${text}`);
  }
  if (!(Math.abs(millis - Date.now()) < 24 * 3600 * 1000)) throw new Error(`timestamp ${text} is not within a day of now`);
}
