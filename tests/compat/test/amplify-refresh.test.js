// aws-amplify v6, unmodified, refreshing its session against CognitoLite: since 6.15 Amplify refreshes only with
// GetTokensFromRefreshToken (never REFRESH_TOKEN_AUTH), so a session lives past its first access token only if that
// operation works. Amplify's requests are watched through fetch, which it uses for every call.
import assert from 'node:assert/strict';
import { after, afterEach, before, describe, test } from 'node:test';
import { Amplify } from 'aws-amplify';
import { fetchAuthSession, fetchUserAttributes, signIn, signOut } from 'aws-amplify/auth';
import { cognitoUserPoolsTokenProvider } from 'aws-amplify/auth/cognito';
import { sharedInMemoryStorage } from 'aws-amplify/utils';
import { AdminCreateUserCommand, AdminSetUserPasswordCommand } from '@aws-sdk/client-cognito-identity-provider';
import { createRemoteJWKSet, jwtVerify } from 'jose';
import { startServer } from '../support/server.js';
import { idpClient } from '../support/aws.js';
import { createPoolWithClient, FAST_HASHING, PASSWORD, uniqueName } from '../support/users.js';

describe('aws-amplify v6 refreshes its session with GetTokensFromRefreshToken', { timeout: 300_000 }, () => {
  let server;
  let idp;
  /** Every call Amplify made: its X-Amz-Target operation and JSON body. */
  let calls = [];
  const realFetch = globalThis.fetch;

  before(async () => {
    server = await startServer({ env: FAST_HASHING });
    idp = idpClient(server.url);
    cognitoUserPoolsTokenProvider.setKeyValueStorage(sharedInMemoryStorage);
    globalThis.fetch = async (input, init = {}) => {
      const target = new Headers(init.headers).get('x-amz-target');
      if (target) calls.push({ operation: target.split('.').at(-1), body: JSON.parse(init.body) });
      return realFetch(input, init);
    };
  });
  afterEach(async () => {
    await signOut();
    calls = [];
  });
  after(async () => {
    globalThis.fetch = realFetch;
    idp?.destroy();
    await server?.stop();
  });

  /** A pool, an app client with the given settings, Amplify configured for them, and a signed-in user. */
  async function signedIn(appClient) {
    const app = await createPoolWithClient(idp, { appClient });
    Amplify.configure({ Auth: { Cognito: { userPoolId: app.poolId, userPoolClientId: app.clientId, userPoolEndpoint: server.url } } });
    const username = uniqueName('amp-refresh');
    await idp.send(new AdminCreateUserCommand({
      UserPoolId: app.poolId, Username: username, MessageAction: 'SUPPRESS',
      UserAttributes: [{ Name: 'email', Value: `${username}@example.com` }, { Name: 'email_verified', Value: 'true' }],
    }));
    await idp.send(new AdminSetUserPasswordCommand({ UserPoolId: app.poolId, Username: username, Password: PASSWORD, Permanent: true }));
    assert.equal((await signIn({ username, password: PASSWORD })).isSignedIn, true);
    return { app, username };
  }

  /** The session's tokens, verified against the pool's JWKS and issuer. */
  async function verifiedTokens(app, options) {
    const { tokens } = await fetchAuthSession(options);
    const issuer = `${server.url}/${app.poolId}`;
    const jwks = createRemoteJWKSet(new URL(`${issuer}/.well-known/jwks.json`));
    const { payload: access } = await jwtVerify(tokens.accessToken.toString(), jwks, { issuer });
    const { payload: id } = await jwtVerify(tokens.idToken.toString(), jwks, { issuer, audience: app.clientId });
    return { access, id };
  }

  const refreshes = () => calls.filter((call) => call.operation === 'GetTokensFromRefreshToken');

  test('fetchAuthSession({ forceRefresh: true }) gets new tokens of the same sign-in through GetTokensFromRefreshToken', async () => {
    const { app, username } = await signedIn({ ExplicitAuthFlows: ['ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'] });
    const before = await verifiedTokens(app);

    const after = await verifiedTokens(app, { forceRefresh: true });

    assert.equal(refreshes().length, 1);
    assert.equal(refreshes()[0].body.ClientId, app.clientId);
    assert.ok(!calls.some((call) => call.body.AuthFlow === 'REFRESH_TOKEN_AUTH'), 'no REFRESH_TOKEN_AUTH');
    assert.notEqual(after.access.jti, before.access.jti);
    assert.equal(after.access.origin_jti, before.access.origin_jti);
    assert.equal(after.id['cognito:username'], username);
    assert.equal((await fetchUserAttributes()).email, `${username}@example.com`);
  });

  test('with refresh token rotation, each refresh sends the refresh token the previous one returned', async () => {
    const { app } = await signedIn({
      ExplicitAuthFlows: ['ALLOW_USER_SRP_AUTH'],
      RefreshTokenRotation: { Feature: 'ENABLED', RetryGracePeriodSeconds: 0 },
    });
    const first = await verifiedTokens(app);

    await verifiedTokens(app, { forceRefresh: true });
    const third = await verifiedTokens(app, { forceRefresh: true });

    const sent = refreshes().map((call) => call.body.RefreshToken);
    assert.equal(sent.length, 2);
    // Without a grace period the first refresh token died with the first refresh: the second worked only because
    // Amplify kept the rotated one.
    assert.notEqual(sent[1], sent[0]);
    assert.equal(third.access.origin_jti, first.access.origin_jti);
    assert.ok((await fetchUserAttributes()).email);
  });
});
