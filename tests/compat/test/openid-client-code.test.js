// openid-client (v6), unmodified, through the authorization code flow with PKCE, state and nonce: discovery, the
// authorization URL it builds, the sign-in on the managed login page (in Chromium, and over plain HTTP), then the code
// grant (state, nonce, PKCE and the id token's signature against the JWKS checked by the library), userInfo, refresh and
// revocation; for a public client and a confidential one (client_secret_basic); with the issuer on our URL, and in AWS's
// form, which openid-client takes when given the discovery document's URL.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import * as oidc from 'openid-client';
import { CreateUserPoolClientCommand, CreateUserPoolCommand } from '@aws-sdk/client-cognito-identity-provider';
import { startServer } from '../support/server.js';
import { idpClient } from '../support/aws.js';
import { launchChromium } from '../support/browser.js';
import { signInInChromium, signInOverHttp } from '../support/managed-login.js';
import { decodeJwt, FAST_HASHING, signUpConfirmed } from '../support/users.js';

const REDIRECT_URI = 'https://app.example.com/callback';
const SCOPES = ['openid', 'email', 'profile'];

/** A pool whose users sign up with an email, and a way to add OAuth code-flow clients to it. */
async function oauthPool(idp) {
  const poolId = (await idp.send(new CreateUserPoolCommand({ PoolName: 'compat-openid-code', AutoVerifiedAttributes: ['email'] }))).UserPool.Id;
  const addClient = async (settings = {}) => (await idp.send(new CreateUserPoolClientCommand({
    UserPoolId: poolId,
    ClientName: 'web',
    AllowedOAuthFlowsUserPoolClient: true,
    AllowedOAuthFlows: ['code'],
    AllowedOAuthScopes: SCOPES,
    CallbackURLs: [REDIRECT_URI],
    SupportedIdentityProviders: ['COGNITO'],
    ...settings,
  }))).UserPoolClient;
  return { poolId, addClient };
}

/**
 * openid-client's configuration from discovery, over plain HTTP, with the id token's signature checked against the JWKS
 * (enableNonRepudiationChecks); `requests` records what the library sent.
 */
async function discover(server, clientId, clientAuthentication) {
  const requests = [];
  const config = await oidc.discovery(server, clientId, undefined, clientAuthentication, {
    execute: [oidc.allowInsecureRequests, oidc.enableNonRepudiationChecks],
    [oidc.customFetch]: (url, options) => {
      requests.push({ url, ...options });
      return fetch(url, options);
    },
  });
  return { config, requests };
}

/** An authorization request as openid-client builds it, with the checks its answer must pass. */
async function authorizationRequest(config) {
  const pkceCodeVerifier = oidc.randomPKCECodeVerifier();
  const expectedState = oidc.randomState();
  const expectedNonce = oidc.randomNonce();
  const url = oidc.buildAuthorizationUrl(config, {
    redirect_uri: REDIRECT_URI,
    scope: SCOPES.join(' '),
    code_challenge: await oidc.calculatePKCECodeChallenge(pkceCodeVerifier),
    code_challenge_method: 'S256',
    state: expectedState,
    nonce: expectedNonce,
  });
  return { url, checks: { pkceCodeVerifier, expectedState, expectedNonce, idTokenExpected: true } };
}

const sortedScopes = (accessToken) => decodeJwt(accessToken).payload.scope.split(' ').sort();

describe('openid-client: authorization code flow', () => {
  let server;
  let idp;
  let pool;
  let issuer;
  let browser;
  before(async () => {
    server = await startServer({ env: FAST_HASHING });
    idp = idpClient(server.url);
    pool = await oauthPool(idp);
    issuer = new URL(`${server.url}/${pool.poolId}`);
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    idp?.destroy();
    await server?.stop();
  });

  test('public client: PKCE, state and nonce, sign-in in Chromium, then userInfo, refresh and revocation', async () => {
    const client = await pool.addClient();
    const user = await signUpConfirmed(idp, server.url, { poolId: pool.poolId, clientId: client.ClientId });
    const { config, requests } = await discover(issuer, client.ClientId, oidc.None());
    assert.equal(config.serverMetadata().issuer, issuer.href);
    assert.ok(config.serverMetadata().grant_types_supported.includes('authorization_code'));
    const { url, checks } = await authorizationRequest(config);
    assert.equal(`${url.origin}${url.pathname}`, `${server.url}/oauth2/authorize`);

    const context = await browser.newContext();
    let callbackUrl;
    try {
      callbackUrl = await signInInChromium(await context.newPage(), url, REDIRECT_URI, user, 'openid-client-code.public');
      assert.equal(callbackUrl.searchParams.get('state'), checks.expectedState);
      assert.match(callbackUrl.searchParams.get('code'), /^\S{20,}$/);
    } finally {
      await context.close();
    }

    const tokens = await oidc.authorizationCodeGrant(config, callbackUrl, checks);
    const claims = tokens.claims();
    assert.equal(claims.iss, issuer.href);
    assert.equal(claims.aud, client.ClientId);
    assert.equal(claims.sub, user.sub);
    assert.equal(claims.nonce, checks.expectedNonce);
    assert.equal(claims['cognito:username'], user.username);
    assert.equal(claims.email, user.email);
    assert.equal(claims.token_use, 'id');
    // enableNonRepudiationChecks made openid-client verify the id token's signature with the pool's keys.
    assert.ok(requests.some((r) => r.url === `${issuer.href}/.well-known/jwks.json`), 'the JWKS was fetched');
    const tokenRequest = new URLSearchParams(requests.find((r) => r.url === `${server.url}/oauth2/token`).body);
    assert.equal(tokenRequest.get('code_verifier'), checks.pkceCodeVerifier);
    assert.equal(tokenRequest.get('client_id'), client.ClientId);
    assert.deepEqual(sortedScopes(tokens.access_token), SCOPES.toSorted());
    assert.equal(decodeJwt(tokens.access_token).payload.username, user.username);

    const info = await oidc.fetchUserInfo(config, tokens.access_token, claims.sub);
    assert.deepEqual(info, { sub: user.sub, email: user.email, email_verified: 'true', username: user.username });

    const refreshed = await oidc.refreshTokenGrant(config, tokens.refresh_token);
    assert.equal(refreshed.claims().sub, user.sub);
    assert.equal(refreshed.claims().nonce, undefined);
    assert.deepEqual(sortedScopes(refreshed.access_token), SCOPES.toSorted(), 'the refresh keeps the granted scopes');

    await oidc.tokenRevocation(config, tokens.refresh_token);
    await assert.rejects(oidc.refreshTokenGrant(config, tokens.refresh_token), (error) => {
      assert.equal(error.error, 'invalid_grant');
      return true;
    });
  });

  test('confidential client (client_secret_basic): sign-in over HTTP, a code is redeemed once, a wrong secret is refused', async () => {
    const client = await pool.addClient({ ClientName: 'confidential', GenerateSecret: true });
    const user = await signUpConfirmed(idp, server.url, { poolId: pool.poolId, clientId: client.ClientId, clientSecret: client.ClientSecret });
    const { config, requests } = await discover(issuer, client.ClientId, oidc.ClientSecretBasic(client.ClientSecret));
    const { url, checks } = await authorizationRequest(config);

    const callbackUrl = await signInOverHttp(url, REDIRECT_URI, user);
    const tokens = await oidc.authorizationCodeGrant(config, callbackUrl, checks);
    assert.equal(tokens.claims().aud, client.ClientId);
    assert.equal(tokens.claims()['cognito:username'], user.username);
    const tokenRequest = requests.find((r) => r.url === `${server.url}/oauth2/token`);
    assert.match(tokenRequest.headers.authorization, /^Basic /);
    assert.equal(new URLSearchParams(tokenRequest.body).has('client_secret'), false);

    await assert.rejects(oidc.authorizationCodeGrant(config, callbackUrl, checks), (error) => {
      assert.equal(error.error, 'invalid_grant');
      assert.equal(error.error_description, 'The authorization code is invalid or has expired.');
      return true;
    });

    const wrongSecret = new oidc.Configuration(config.serverMetadata(), client.ClientId, undefined, oidc.ClientSecretBasic('not-the-secret'));
    oidc.allowInsecureRequests(wrongSecret);
    // RFC 6749 §5.2: 401 with a Basic challenge for a client that authenticated with the header; openid-client reports
    // the challenge rather than the body's invalid_client.
    await assert.rejects(oidc.refreshTokenGrant(wrongSecret, tokens.refresh_token), (error) => {
      assert.equal(error.code, 'OAUTH_WWW_AUTHENTICATE_CHALLENGE');
      assert.equal(error.status, 401);
      assert.deepEqual(error.cause, [{ scheme: 'basic', parameters: {} }]);
      return true;
    });

    const refreshed = await oidc.refreshTokenGrant(config, tokens.refresh_token);
    assert.equal(refreshed.claims()['cognito:username'], user.username);
    await oidc.tokenRevocation(config, tokens.refresh_token);
    await assert.rejects(oidc.refreshTokenGrant(config, tokens.refresh_token), (error) => {
      assert.equal(error.error, 'invalid_grant');
      return true;
    });
  });
});

describe('openid-client: authorization code flow with the issuer in AWS form', () => {
  let server;
  let idp;
  let pool;
  before(async () => {
    server = await startServer({ env: FAST_HASHING, args: ['--CognitoLite:IssuerStyle', 'aws'] });
    idp = idpClient(server.url);
    pool = await oauthPool(idp);
  });
  after(async () => {
    idp?.destroy();
    await server?.stop();
  });

  test('discovery from the document URL takes the AWS issuer; the id token is checked against it', async () => {
    const client = await pool.addClient();
    const user = await signUpConfirmed(idp, server.url, { poolId: pool.poolId, clientId: client.ClientId });
    const awsIssuer = `https://cognito-idp.us-east-1.amazonaws.com/${pool.poolId}`;

    // From the issuer URL, openid-client wants the document's issuer to be that URL: here it is AWS's, so it refuses.
    await assert.rejects(discover(new URL(`${server.url}/${pool.poolId}`), client.ClientId, oidc.None()), (error) => {
      assert.equal(error.code, 'OAUTH_JSON_ATTRIBUTE_COMPARISON_FAILED');
      assert.equal(error.cause.body.issuer, awsIssuer);
      return true;
    });
    const { config } = await discover(new URL(`${server.url}/${pool.poolId}/.well-known/openid-configuration`), client.ClientId, oidc.None());
    assert.equal(config.serverMetadata().issuer, awsIssuer);
    assert.equal(config.serverMetadata().authorization_endpoint, `${server.url}/oauth2/authorize`);

    const { url, checks } = await authorizationRequest(config);
    const tokens = await oidc.authorizationCodeGrant(config, await signInOverHttp(url, REDIRECT_URI, user), checks);
    assert.equal(tokens.claims().iss, awsIssuer);
    assert.equal(tokens.claims().nonce, checks.expectedNonce);
    assert.equal(decodeJwt(tokens.access_token).payload.iss, awsIssuer);
    const info = await oidc.fetchUserInfo(config, tokens.access_token, user.sub);
    assert.equal(info.username, user.username);
  });
});
