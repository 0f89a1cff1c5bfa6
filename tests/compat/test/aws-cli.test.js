// The AWS CLI from Debian's awscli package (botocore underneath) against the server.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { CreateUserPoolCommand } from '@aws-sdk/client-cognito-identity-provider';
import { aws, AWS, assertCliTime } from '../support/cli.js';
import { startServer } from '../support/server.js';
import { idpClient } from '../support/aws.js';

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
    assertCliTime(listed.UserPools[0].CreationDate);
  });

  test('describe-user-pool on a missing pool exits non-zero with ResourceNotFoundException', async () => {
    const run = await aws(['cognito-idp', 'describe-user-pool', '--user-pool-id', 'us-east-1_Missing00',
      '--endpoint-url', server.url, '--region', 'us-east-1']);
    assert.notEqual(run.status, 0);
    assert.match(run.stderr, /An error occurred \(ResourceNotFoundException\) when calling the DescribeUserPool operation: User pool us-east-1_Missing00 does not exist\./);
  });
});
