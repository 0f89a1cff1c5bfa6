// A pool's identity providers through @aws-sdk/client-cognito-identity-provider, unmodified: Google with Cognito's
// endpoints, an OIDC provider whose endpoints the server discovers from a node http server playing the issuer,
// described and listed as the SDK parses them (dates as Date objects), and a duplicate refused with its own error class.
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { after, before, describe, test } from 'node:test';
import {
  CreateIdentityProviderCommand,
  CreateUserPoolCommand,
  DescribeIdentityProviderCommand,
  DuplicateProviderException,
  ListIdentityProvidersCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { startServer } from '../support/server.js';
import { expectServiceError, idpClient } from '../support/aws.js';

describe('identity providers', () => {
  let server;
  let client;
  let issuer;
  let discovery;
  before(async () => {
    discovery = createServer((request, response) => {
      if (request.url !== '/.well-known/openid-configuration') {
        response.writeHead(404).end();
        return;
      }
      response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({
        issuer,
        authorization_endpoint: `${issuer}/authorize`,
        token_endpoint: `${issuer}/token`,
        userinfo_endpoint: `${issuer}/userinfo`,
        jwks_uri: `${issuer}/jwks`,
      }));
    });
    await new Promise((resolve) => discovery.listen(0, '127.0.0.1', resolve));
    issuer = `http://127.0.0.1:${discovery.address().port}`;
    server = await startServer();
    client = idpClient(server.url);
  });
  after(async () => {
    client?.destroy();
    await server?.stop();
    await new Promise((resolve) => discovery?.close(resolve) ?? resolve());
  });

  test('Google and an OIDC provider are created, described and listed', async () => {
    const poolId = (await client.send(new CreateUserPoolCommand({ PoolName: 'compat-federation' }))).UserPool.Id;

    const { IdentityProvider: google } = await client.send(new CreateIdentityProviderCommand({
      UserPoolId: poolId, ProviderName: 'Google', ProviderType: 'Google',
      ProviderDetails: { client_id: 'example.apps.googleusercontent.com', client_secret: 'google-secret', authorize_scopes: 'openid email profile' },
      AttributeMapping: { email: 'email' },
    }));
    assert.equal(google.ProviderDetails.token_url, 'https://www.googleapis.com/oauth2/v4/token');
    assert.deepEqual(google.AttributeMapping, { email: 'email', username: 'sub' });
    assert.ok(google.CreationDate instanceof Date);

    await client.send(new CreateIdentityProviderCommand({
      UserPoolId: poolId, ProviderName: 'Corp', ProviderType: 'OIDC', IdpIdentifiers: ['corp.example.com'],
      ProviderDetails: { client_id: 'corp-client', client_secret: 'corp-secret', authorize_scopes: 'openid email', oidc_issuer: issuer },
    }));
    const { IdentityProvider: corp } = await client.send(new DescribeIdentityProviderCommand({ UserPoolId: poolId, ProviderName: 'Corp' }));
    assert.deepEqual(corp.ProviderDetails, {
      attributes_request_method: 'GET',
      attributes_url: `${issuer}/userinfo`,
      attributes_url_add_attributes: 'false',
      authorize_scopes: 'openid email',
      authorize_url: `${issuer}/authorize`,
      client_id: 'corp-client',
      client_secret: 'corp-secret',
      jwks_uri: `${issuer}/jwks`,
      oidc_issuer: issuer,
      token_url: `${issuer}/token`,
    });
    assert.deepEqual(corp.IdpIdentifiers, ['corp.example.com']);
    assert.ok(corp.LastModifiedDate instanceof Date);
    assert.ok(Math.abs(corp.CreationDate.getTime() - Date.now()) < 3_600_000);

    const first = await client.send(new ListIdentityProvidersCommand({ UserPoolId: poolId, MaxResults: 1 }));
    assert.deepEqual(first.Providers.map((p) => [p.ProviderName, p.ProviderType]), [['Corp', 'OIDC']]);
    assert.ok(first.Providers[0].CreationDate instanceof Date);
    const second = await client.send(new ListIdentityProvidersCommand({ UserPoolId: poolId, MaxResults: 1, NextToken: first.NextToken }));
    assert.deepEqual(second.Providers.map((p) => p.ProviderName), ['Google']);
    assert.equal(second.NextToken, undefined);

    await expectServiceError(client.send(new CreateIdentityProviderCommand({
      UserPoolId: poolId, ProviderName: 'Corp', ProviderType: 'OIDC',
      ProviderDetails: { client_id: 'corp-client', client_secret: 'corp-secret', authorize_scopes: 'openid', oidc_issuer: issuer },
    })), { name: 'DuplicateProviderException', type: DuplicateProviderException, status: 400, message: `Corp already exists in user pool ${poolId}` });
  });
});
