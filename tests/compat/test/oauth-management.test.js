// The OAuth side of a pool through @aws-sdk/client-cognito-identity-provider, unmodified: a domain, a resource server
// whose scopes a machine client is given, and client secret rotation with SECRET_HASH accepted for both secrets.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  AddUserPoolClientSecretCommand,
  CreateResourceServerCommand,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  CreateUserPoolDomainCommand,
  DeleteUserPoolClientSecretCommand,
  DescribeUserPoolCommand,
  DescribeUserPoolDomainCommand,
  ListResourceServersCommand,
  ListUserPoolClientSecretsCommand,
  NotAuthorizedException,
  ScopeDoesNotExistException,
  SignUpCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { startServer } from '../support/server.js';
import { expectServiceError, idpClient } from '../support/aws.js';
import { FAST_HASHING, PASSWORD, secretHash, uniqueName } from '../support/users.js';

describe('OAuth management', () => {
  let server;
  let client;
  let poolId;
  before(async () => {
    server = await startServer({ env: FAST_HASHING });
    client = idpClient(server.url);
    poolId = (await client.send(new CreateUserPoolCommand({ PoolName: 'compat-oauth' }))).UserPool.Id;
  });
  after(async () => {
    client?.destroy();
    await server?.stop();
  });

  test('a prefix domain is described and shown on the pool', async () => {
    const domain = `compat-${process.pid}`;
    const created = await client.send(new CreateUserPoolDomainCommand({ UserPoolId: poolId, Domain: domain, ManagedLoginVersion: 2 }));
    assert.equal(created.ManagedLoginVersion, 2);
    const { DomainDescription } = await client.send(new DescribeUserPoolDomainCommand({ Domain: domain }));
    assert.equal(DomainDescription.UserPoolId, poolId);
    assert.equal(DomainDescription.Status, 'ACTIVE');
    const { UserPool } = await client.send(new DescribeUserPoolCommand({ UserPoolId: poolId }));
    assert.equal(UserPool.Domain, domain);
    const unknown = await client.send(new DescribeUserPoolDomainCommand({ Domain: `nobody-${process.pid}` }));
    assert.deepEqual(unknown.DomainDescription, {});
  });

  test('a resource server scope can be given to a client_credentials client, an unknown one cannot', async () => {
    await client.send(new CreateResourceServerCommand({
      UserPoolId: poolId, Identifier: 'orders', Name: 'Orders',
      Scopes: [{ ScopeName: 'read', ScopeDescription: 'Read orders' }],
    }));
    const { ResourceServers } = await client.send(new ListResourceServersCommand({ UserPoolId: poolId, MaxResults: 10 }));
    assert.deepEqual(ResourceServers.map((s) => s.Identifier), ['orders']);

    const settings = { UserPoolId: poolId, ClientName: 'machine', GenerateSecret: true, AllowedOAuthFlowsUserPoolClient: true, AllowedOAuthFlows: ['client_credentials'] };
    const { UserPoolClient } = await client.send(new CreateUserPoolClientCommand({ ...settings, AllowedOAuthScopes: ['orders/read'] }));
    assert.deepEqual(UserPoolClient.AllowedOAuthScopes, ['orders/read']);
    await expectServiceError(client.send(new CreateUserPoolClientCommand({ ...settings, AllowedOAuthScopes: ['orders/write'] })),
      { name: 'ScopeDoesNotExistException', type: ScopeDoesNotExistException, status: 400 });
  });

  test('secret rotation: both secrets sign SECRET_HASH until the old one is deleted', async () => {
    const { UserPoolClient: app } = await client.send(new CreateUserPoolClientCommand({ UserPoolId: poolId, ClientName: 'rotating', GenerateSecret: true }));
    const signUp = (secret, username = uniqueName()) => client.send(new SignUpCommand({
      ClientId: app.ClientId, Username: username, Password: PASSWORD, SecretHash: secretHash(username, app.ClientId, secret),
    }));

    const { ClientSecretDescriptor: added } = await client.send(new AddUserPoolClientSecretCommand({ UserPoolId: poolId, ClientId: app.ClientId }));
    assert.ok(added.ClientSecretCreateDate instanceof Date);
    await signUp(app.ClientSecret);
    await signUp(added.ClientSecretValue);

    const { ClientSecrets } = await client.send(new ListUserPoolClientSecretsCommand({ UserPoolId: poolId, ClientId: app.ClientId }));
    assert.equal(ClientSecrets.length, 2);
    assert.ok(ClientSecrets.every((s) => s.ClientSecretValue === undefined));
    const old = ClientSecrets.find((s) => s.ClientSecretId !== added.ClientSecretId);
    await client.send(new DeleteUserPoolClientSecretCommand({ UserPoolId: poolId, ClientId: app.ClientId, ClientSecretId: old.ClientSecretId }));
    await expectServiceError(signUp(app.ClientSecret), { name: 'NotAuthorizedException', type: NotAuthorizedException });
    await signUp(added.ClientSecretValue);
  });
});
