// The AWS CLI from Debian's awscli package (botocore underneath) against the server.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { CreateUserPoolCommand } from '@aws-sdk/client-cognito-identity-provider';
import { startServer } from '../support/server.js';
import { idpClient } from '../support/aws.js';

// Invoked by its full path: a pyenv shim or pip copy earlier in PATH would not be what a fresh machine has.
// Debian's awscli package puts it in /usr/bin; AWS_CLI overrides that where a CLI comes preinstalled elsewhere
// (GitHub's Ubuntu runners have /usr/local/bin/aws, and recent Ubuntu has no awscli package).
const AWS = process.env.AWS_CLI || '/usr/bin/aws';
const CLI_TIMEOUT_MS = 60_000;

/** Runs the CLI with dummy credentials and no config files or instance metadata to fall back on. */
function aws(args) {
  return new Promise((resolveRun, reject) => {
    const child = spawn(AWS, args, {
      env: {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE',
        AWS_SECRET_ACCESS_KEY: 'dummy-secret',
        AWS_EC2_METADATA_DISABLED: 'true',
        AWS_CONFIG_FILE: '/dev/null',
        AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
        AWS_PAGER: '',
      },
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

describe('AWS CLI (Debian awscli)', () => {
  let server;
  let poolId;
  before(async () => {
    assert.ok(existsSync(AWS), `${AWS} is missing: apt-get install -y awscli (test.sh does this)`);
    server = await startServer();
    const client = idpClient(server.url);
    poolId = (await client.send(new CreateUserPoolCommand({ PoolName: 'compat-cli' }))).UserPool.Id;
    client.destroy();
  });
  after(async () => {
    await server?.stop();
  });

  test('list-user-pools returns the pool created through the SDK', async () => {
    const run = await aws(['cognito-idp', 'list-user-pools', '--max-results', '10',
      '--endpoint-url', server.url, '--region', 'us-east-1', '--output', 'json']);
    assert.equal(run.status, 0, run.stderr);
    const listed = JSON.parse(run.stdout);
    assert.deepEqual(listed.UserPools.map((p) => [p.Id, p.Name]), [[poolId, 'compat-cli']]);
    // botocore turns epoch seconds into timestamps it prints as ISO-8601 text.
    assert.match(String(listed.UserPools[0].CreationDate), /^\d{4}-\d{2}-\d{2}T/);
  });

  test('describe-user-pool on a missing pool exits non-zero with ResourceNotFoundException', async () => {
    const run = await aws(['cognito-idp', 'describe-user-pool', '--user-pool-id', 'us-east-1_Missing00',
      '--endpoint-url', server.url, '--region', 'us-east-1']);
    assert.notEqual(run.status, 0);
    assert.match(run.stderr, /An error occurred \(ResourceNotFoundException\) when calling the DescribeUserPool operation: User pool us-east-1_Missing00 does not exist\./);
  });
});
