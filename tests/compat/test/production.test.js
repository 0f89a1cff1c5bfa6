// Production mode: admin operations must carry a SigV4 signature made with a configured key pair.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { CreateUserPoolCommand, ListUserPoolsCommand } from '@aws-sdk/client-cognito-identity-provider';
import { newEncryptionKey, startServer } from '../support/server.js';
import { expectServiceError, idpClient, POOL_ID, UUID } from '../support/aws.js';

const ADMIN = { accessKeyId: 'AKIACOMPATADMIN00001', secretAccessKey: 'compat-admin-secret-0123456789abcdefghij' };

describe('production mode', () => {
  let server;
  before(async () => {
    server = await startServer({
      args: ['--mode', 'production'],
      env: {
        CognitoLite__EncryptionKey: newEncryptionKey(),
        CognitoLite__AdminCredentials__0__AccessKeyId: ADMIN.accessKeyId,
        CognitoLite__AdminCredentials__0__SecretAccessKey: ADMIN.secretAccessKey,
      },
    });
  });
  after(async () => {
    await server?.stop();
  });

  test('a call signed with a configured key pair succeeds', async () => {
    const client = idpClient(server.url, ADMIN);
    try {
      const { UserPool } = await client.send(new CreateUserPoolCommand({ PoolName: 'compat-production' }));
      assert.match(UserPool.Id, POOL_ID);
      const { UserPools } = await client.send(new ListUserPoolsCommand({ MaxResults: 10 }));
      assert.deepEqual(UserPools.map((p) => p.Id), [UserPool.Id]);
    } finally {
      client.destroy();
    }
  });

  test('a signature made with the wrong secret is InvalidSignatureException', async () => {
    const client = idpClient(server.url, { accessKeyId: ADMIN.accessKeyId, secretAccessKey: 'not-the-secret' });
    try {
      await expectServiceError(client.send(new ListUserPoolsCommand({ MaxResults: 10 })), {
        name: 'InvalidSignatureException',
        status: 403,
      });
    } finally {
      client.destroy();
    }
  });

  test('an unknown access key is UnrecognizedClientException', async () => {
    const client = idpClient(server.url, { accessKeyId: 'AKIAUNKNOWN000000000', secretAccessKey: ADMIN.secretAccessKey });
    try {
      await expectServiceError(client.send(new ListUserPoolsCommand({ MaxResults: 10 })), {
        name: 'UnrecognizedClientException',
        status: 403,
      });
    } finally {
      client.destroy();
    }
  });

  test('an unsigned admin call is refused with MissingAuthenticationTokenException', async () => {
    // The SDK always signs admin operations, so send the request as a hand-written client would.
    const response = await fetch(`${server.url}/`, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/x-amz-json-1.1',
        'X-Amz-Target': 'AWSCognitoIdentityProviderService.ListUserPools',
      },
      body: JSON.stringify({ MaxResults: 10 }),
    });
    assert.equal(response.status, 403);
    assert.match(response.headers.get('x-amzn-requestid') ?? '', UUID);
    assert.match(response.headers.get('x-amzn-errortype') ?? '', /^MissingAuthenticationTokenException/);
    const body = await response.json();
    assert.equal(body.__type, 'MissingAuthenticationTokenException');
    assert.equal(typeof body.message, 'string');
  });
});
