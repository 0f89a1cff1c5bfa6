// openid-client (v6), unmodified, against a pool's discovery document and the /oauth2 endpoints with tokens from InitiateAuth:
// client_credentials, refresh_token, userInfo (which, as on AWS, wants the openid scope InitiateAuth tokens lack) and revocation.
// The authorization code flow is in openid-client-code.test.js.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import * as oidc from 'openid-client';
import {
  AdminConfirmSignUpCommand,
  CreateResourceServerCommand,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  InitiateAuthCommand,
  SignUpCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { startServer } from '../support/server.js';
import { idpClient } from '../support/aws.js';
import { FAST_HASHING, PASSWORD, PASSWORD_FLOWS, uniqueName } from '../support/users.js';

const insecure = { execute: [oidc.allowInsecureRequests] };

describe('openid-client', () => {
  let server;
  let aws;
  let poolId;
  let issuer;
  before(async () => {
    server = await startServer({ env: FAST_HASHING });
    aws = idpClient(server.url);
    poolId = (await aws.send(new CreateUserPoolCommand({ PoolName: 'compat-openid-client' }))).UserPool.Id;
    issuer = new URL(`${server.url}/${poolId}`);
  });
  after(async () => {
    aws?.destroy();
    await server?.stop();
  });

  async function signedIn() {
    const { UserPoolClient } = await aws.send(new CreateUserPoolClientCommand({
      UserPoolId: poolId, ClientName: 'web', ExplicitAuthFlows: PASSWORD_FLOWS,
    }));
    const username = uniqueName('oidc');
    await aws.send(new SignUpCommand({ ClientId: UserPoolClient.ClientId, Username: username, Password: PASSWORD }));
    await aws.send(new AdminConfirmSignUpCommand({ UserPoolId: poolId, Username: username }));
    const { AuthenticationResult } = await aws.send(new InitiateAuthCommand({
      AuthFlow: 'USER_PASSWORD_AUTH', ClientId: UserPoolClient.ClientId, AuthParameters: { USERNAME: username, PASSWORD },
    }));
    const config = await oidc.discovery(issuer, UserPoolClient.ClientId, undefined, oidc.None(), insecure);
    return { config, username, tokens: AuthenticationResult };
  }

  test('discovery, then client_credentials with resource-server scopes', async () => {
    await aws.send(new CreateResourceServerCommand({
      UserPoolId: poolId, Identifier: 'orders', Name: 'Orders', Scopes: [{ ScopeName: 'read', ScopeDescription: 'Read' }],
    }));
    const { UserPoolClient } = await aws.send(new CreateUserPoolClientCommand({
      UserPoolId: poolId, ClientName: 'machine', GenerateSecret: true, AllowedOAuthFlowsUserPoolClient: true,
      AllowedOAuthFlows: ['client_credentials'], AllowedOAuthScopes: ['orders/read'],
    }));
    const config = await oidc.discovery(issuer, UserPoolClient.ClientId, UserPoolClient.ClientSecret, undefined, insecure);
    assert.equal(config.serverMetadata().issuer, issuer.href);
    assert.deepEqual(config.serverMetadata().grant_types_supported, ['authorization_code', 'implicit', 'refresh_token', 'client_credentials']);

    const tokens = await oidc.clientCredentialsGrant(config, { scope: 'orders/read' });
    assert.equal(tokens.token_type, 'bearer');
    assert.equal(tokens.scope, undefined);
    assert.equal(tokens.refresh_token, undefined);
    const claims = JSON.parse(Buffer.from(tokens.access_token.split('.')[1], 'base64url'));
    assert.equal(claims.sub, UserPoolClient.ClientId);
    assert.equal(claims.scope, 'orders/read');

    const basic = await oidc.discovery(issuer, UserPoolClient.ClientId, undefined, oidc.ClientSecretBasic(UserPoolClient.ClientSecret), insecure);
    assert.ok((await oidc.clientCredentialsGrant(basic, { scope: 'orders/read' })).access_token);
  });

  test('refresh_token grant validates the new id token', async () => {
    const { config, username, tokens } = await signedIn();
    const refreshed = await oidc.refreshTokenGrant(config, tokens.RefreshToken);
    assert.equal(refreshed.claims()['cognito:username'], username);
    assert.ok(refreshed.access_token);
  });

  test('userInfo refuses a token without the openid scope, as AWS does', async () => {
    const { config, tokens } = await signedIn();
    const sub = JSON.parse(Buffer.from(tokens.IdToken.split('.')[1], 'base64url')).sub;
    await assert.rejects(oidc.fetchUserInfo(config, tokens.AccessToken, sub), (error) => {
      assert.equal(error.status, 401);
      assert.equal(error.cause?.[0]?.parameters?.error, 'invalid_token');
      return true;
    });
  });

  test('revocation, after which the refresh token is refused', async () => {
    const { config, tokens } = await signedIn();
    await oidc.tokenRevocation(config, tokens.RefreshToken);
    await assert.rejects(oidc.refreshTokenGrant(config, tokens.RefreshToken), (error) => {
      assert.equal(error.error, 'invalid_grant');
      return true;
    });
  });
});
