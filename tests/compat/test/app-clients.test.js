// App client management through @aws-sdk/client-cognito-identity-provider, unmodified.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  CreateResourceServerCommand,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  DeleteUserPoolClientCommand,
  DescribeUserPoolClientCommand,
  InvalidOAuthFlowException,
  InvalidParameterException,
  ListUserPoolClientsCommand,
  paginateListUserPoolClients,
  ResourceNotFoundException,
  UpdateUserPoolClientCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { startServer } from '../support/server.js';
import { expectServiceError, idpClient, UUID } from '../support/aws.js';

const CLIENT_ID = /^[0-9a-z]{26}$/;

describe('app clients', () => {
  let server;
  let client;
  let poolId;
  before(async () => {
    server = await startServer();
    client = idpClient(server.url);
    poolId = (await client.send(new CreateUserPoolCommand({ PoolName: 'compat-clients' }))).UserPool.Id;
  });
  after(async () => {
    client?.destroy();
    await server?.stop();
  });

  test('CreateUserPoolClient without a secret: 26-char id, defaults, Date timestamps', async () => {
    const response = await client.send(new CreateUserPoolClientCommand({ UserPoolId: poolId, ClientName: 'web' }));
    assert.match(response.$metadata.requestId, UUID);
    const app = response.UserPoolClient;
    assert.match(app.ClientId, CLIENT_ID);
    assert.equal(app.UserPoolId, poolId);
    assert.equal(app.ClientName, 'web');
    assert.equal(app.ClientSecret, undefined);
    assert.ok(app.CreationDate instanceof Date && app.LastModifiedDate instanceof Date);
    assert.equal(app.RefreshTokenValidity, 30);
    assert.deepEqual(app.ExplicitAuthFlows, ['ALLOW_REFRESH_TOKEN_AUTH', 'ALLOW_USER_SRP_AUTH', 'ALLOW_CUSTOM_AUTH']);
    assert.equal(app.PreventUserExistenceErrors, 'ENABLED');
    assert.equal(app.EnableTokenRevocation, true);
  });

  test('GenerateSecret gives a 51-char secret that DescribeUserPoolClient returns too', async () => {
    // client_credentials takes a resource server's scopes only (AWS refuses openid with it).
    await client.send(new CreateResourceServerCommand({
      UserPoolId: poolId, Identifier: 'https://api.example.com', Name: 'api', Scopes: [{ ScopeName: 'read', ScopeDescription: 'read' }],
    }));
    const { UserPoolClient: app } = await client.send(new CreateUserPoolClientCommand({
      UserPoolId: poolId,
      ClientName: 'backend',
      GenerateSecret: true,
      ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
      AllowedOAuthFlows: ['client_credentials'],
      AllowedOAuthScopes: ['https://api.example.com/read'],
      AllowedOAuthFlowsUserPoolClient: true,
    }));
    assert.match(app.ClientId, CLIENT_ID);
    assert.equal(app.ClientSecret.length, 51);
    assert.match(app.ClientSecret, /^[0-9a-z]{51}$/);

    const { UserPoolClient: described } = await client.send(
      new DescribeUserPoolClientCommand({ UserPoolId: poolId, ClientId: app.ClientId }),
    );
    assert.equal(described.ClientSecret, app.ClientSecret);
    assert.deepEqual(described.ExplicitAuthFlows, ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH']);
    assert.deepEqual(described.AllowedOAuthFlows, ['client_credentials']);
    assert.equal(described.CreationDate.getTime(), app.CreationDate.getTime());
  });

  test('UpdateUserPoolClient replaces settings and keeps the secret', async () => {
    const { UserPoolClient: app } = await client.send(
      new CreateUserPoolClientCommand({ UserPoolId: poolId, ClientName: 'to-update', GenerateSecret: true }),
    );
    const { UserPoolClient: updated } = await client.send(new UpdateUserPoolClientCommand({
      UserPoolId: poolId,
      ClientId: app.ClientId,
      ClientName: 'updated',
      AccessTokenValidity: 30,
      TokenValidityUnits: { AccessToken: 'minutes' },
      CallbackURLs: ['https://app.example.com/callback', 'http://localhost:3000/callback'],
      AllowedOAuthFlows: ['code'],
      AllowedOAuthScopes: ['openid', 'email'],
      AllowedOAuthFlowsUserPoolClient: true,
      SupportedIdentityProviders: ['COGNITO'],
    }));
    assert.equal(updated.ClientName, 'updated');
    assert.equal(updated.AccessTokenValidity, 30);
    assert.equal(updated.TokenValidityUnits.AccessToken, 'minutes');
    assert.equal(updated.ClientSecret, app.ClientSecret);
    assert.ok(updated.LastModifiedDate >= app.LastModifiedDate);

    const { UserPoolClient: described } = await client.send(
      new DescribeUserPoolClientCommand({ UserPoolId: poolId, ClientId: app.ClientId }),
    );
    assert.deepEqual(described.CallbackURLs, ['https://app.example.com/callback', 'http://localhost:3000/callback']);
    assert.deepEqual(described.AllowedOAuthScopes, ['openid', 'email']);
    assert.equal(described.AllowedOAuthFlowsUserPoolClient, true);
  });

  test('DeleteUserPoolClient deletes; the client is then not found', async () => {
    const { UserPoolClient: app } = await client.send(new CreateUserPoolClientCommand({ UserPoolId: poolId, ClientName: 'doomed' }));
    const deleted = await client.send(new DeleteUserPoolClientCommand({ UserPoolId: poolId, ClientId: app.ClientId }));
    assert.equal(deleted.$metadata.httpStatusCode, 200);
    await expectServiceError(client.send(new DescribeUserPoolClientCommand({ UserPoolId: poolId, ClientId: app.ClientId })), {
      name: 'ResourceNotFoundException',
      type: ResourceNotFoundException,
      status: 404,
      message: `User pool client ${app.ClientId} does not exist.`,
    });
  });

  test('ListUserPoolClients pages with NextToken, by hand and with the SDK paginator', async () => {
    const { UserPool: pool } = await client.send(new CreateUserPoolCommand({ PoolName: 'compat-client-pages' }));
    const created = [];
    for (let i = 0; i < 5; i++) {
      created.push((await client.send(new CreateUserPoolClientCommand({ UserPoolId: pool.Id, ClientName: `app-${i}` }))).UserPoolClient);
    }

    const seen = [];
    let NextToken;
    let pages = 0;
    do {
      const page = await client.send(new ListUserPoolClientsCommand({ UserPoolId: pool.Id, MaxResults: 2, NextToken }));
      assert.ok(page.UserPoolClients.length <= 2);
      seen.push(...page.UserPoolClients);
      NextToken = page.NextToken;
      pages++;
      assert.ok(pages < 100, 'pagination ends');
    } while (NextToken);
    assert.equal(pages, 3);
    assert.deepEqual(
      seen.map((c) => c.ClientId).sort(),
      created.map((c) => c.ClientId).sort(),
    );
    for (const listed of seen) {
      assert.equal(listed.UserPoolId, pool.Id);
      assert.equal(listed.ClientName, created.find((c) => c.ClientId === listed.ClientId).ClientName);
    }

    const viaPaginator = [];
    for await (const page of paginateListUserPoolClients({ client, pageSize: 2 }, { UserPoolId: pool.Id })) {
      viaPaginator.push(...page.UserPoolClients.map((c) => c.ClientId));
    }
    assert.deepEqual(viaPaginator, seen.map((c) => c.ClientId));

    // Without MaxResults the whole (small) list comes in one page.
    const all = await client.send(new ListUserPoolClientsCommand({ UserPoolId: pool.Id }));
    assert.equal(all.UserPoolClients.length, 5);
    assert.equal(all.NextToken, undefined);
  });

  test('unknown pool or client is ResourceNotFoundException', async () => {
    const missingPool = 'us-east-1_Missing00';
    const expected = { name: 'ResourceNotFoundException', type: ResourceNotFoundException, status: 404 };
    await expectServiceError(client.send(new CreateUserPoolClientCommand({ UserPoolId: missingPool, ClientName: 'x' })), {
      ...expected,
      message: `User pool ${missingPool} does not exist.`,
    });
    await expectServiceError(client.send(new ListUserPoolClientsCommand({ UserPoolId: missingPool })), expected);

    const missingClient = 'a'.repeat(26);
    await expectServiceError(client.send(new DescribeUserPoolClientCommand({ UserPoolId: poolId, ClientId: missingClient })), expected);
    await expectServiceError(
      client.send(new UpdateUserPoolClientCommand({ UserPoolId: poolId, ClientId: missingClient, ClientName: 'x' })),
      expected,
    );
    await expectServiceError(client.send(new DeleteUserPoolClientCommand({ UserPoolId: poolId, ClientId: missingClient })), expected);
  });

  test('invalid settings are refused with the exception AWS uses', async () => {
    await expectServiceError(client.send(new CreateUserPoolClientCommand({ UserPoolId: poolId })), {
      name: 'InvalidParameterException',
      type: InvalidParameterException,
      status: 400,
      message: "1 validation error detected: Value null at 'clientName' failed to satisfy constraint: Member must not be null",
    });
    await expectServiceError(
      client.send(new CreateUserPoolClientCommand({ UserPoolId: poolId, ClientName: 'x', ExplicitAuthFlows: ['ALLOW_EVERYTHING'] })),
      { name: 'InvalidParameterException', message: /at 'explicitAuthFlows' failed to satisfy constraint: Member must satisfy constraint: \[Member must satisfy enum value set/ },
    );
    await expectServiceError(
      client.send(new CreateUserPoolClientCommand({ UserPoolId: poolId, ClientName: 'x', AccessTokenValidity: 2, TokenValidityUnits: { AccessToken: 'days' } })),
      { name: 'InvalidParameterException', message: /AccessTokenValidity/ },
    );
    await expectServiceError(
      client.send(new CreateUserPoolClientCommand({ UserPoolId: poolId, ClientName: 'x', ReadAttributes: ['custom:nope'] })),
      { name: 'InvalidParameterException' },
    );
    await expectServiceError(
      client.send(new CreateUserPoolClientCommand({
        UserPoolId: poolId,
        ClientName: 'x',
        AllowedOAuthFlows: ['client_credentials'],
        AllowedOAuthScopes: ['openid'],
      })),
      { name: 'InvalidOAuthFlowException', type: InvalidOAuthFlowException, status: 400 },
    );
  });
});
