// Federation with a real upstream OpenID Connect provider (the npm package oidc-provider) and real clients, in Chromium.
// The pool's OIDC provider `Idp` is created with the AWS SDK from its issuer alone (CognitoLite discovers the rest); an
// app's sign-in goes /oauth2/authorize?identity_provider=Idp → oidc-provider's login and consent pages → CognitoLite's
// /oauth2/idpresponse (which redeems the provider's code, verifies its id token and reads its userinfo) → the app's
// callback with a code. The apps are openid-client (PKCE, state, nonce, the id token checked against the pool's JWKS,
// then again by aws-jwt-verify) and Amplify v6's signInWithRedirect with a custom provider.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, test } from 'node:test';
import {
  CreateIdentityProviderCommand,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  DescribeIdentityProviderCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { JwtRsaVerifier } from 'aws-jwt-verify';
import { SimpleJwksCache } from 'aws-jwt-verify/jwk';
import * as oidc from 'openid-client';
import { idpClient } from '../support/aws.js';
import { bundleAmplifyApp, launchChromium, screenshot, startAppServer } from '../support/browser.js';
import { CLIENT_ID, CLIENT_SECRET, startOidcProvider } from '../support/oidc-provider.js';
import { selfSignedCertificate, startServer } from '../support/server.js';
import { decodeJwt, uniqueName } from '../support/users.js';

const APP = fileURLToPath(new URL('../pages/amplify-app.js', import.meta.url));
const PROVIDER = 'Idp';
const REDIRECT_URI = 'https://app.example.com/callback';
const SCOPES = ['openid', 'email', 'profile', 'aws.cognito.signin.user.admin'];
const TEST = 'federation-oidc';

/** Signs in at oidc-provider's development login page (any login and password) and consents; returns the login. */
async function signInAtProvider(page, issuer, step) {
  await page.waitForURL((url) => url.origin === issuer && url.pathname.startsWith('/interaction/'));
  const login = uniqueName('ann');
  await page.getByPlaceholder('Enter any login').fill(login);
  await page.getByPlaceholder('and password').fill('any password');
  await screenshot(page, TEST, `${step}-provider-login`);
  await page.getByRole('button', { name: 'Sign-in' }).click();
  await page.waitForURL((url) => url.origin === issuer && url.pathname.startsWith('/interaction/'));
  await screenshot(page, TEST, `${step}-provider-consent`);
  await page.getByRole('button', { name: 'Continue' }).click();
  return login;
}

/** Answers the app's callback in the test (page.route); resolves with the URL the browser was sent to. */
function callbackOf(page, redirectUri) {
  return new Promise((resolveCallback) => {
    page.route((url) => url.href.startsWith(`${redirectUri}?`), (route) => {
      resolveCallback(new URL(route.request().url()));
      return route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: '<!doctype html><title>Callback</title><p>Back at the app.</p>' });
    });
  });
}

describe('federation through oidc-provider', () => {
  let certificateDir;
  let app;
  let server;
  let upstream;
  let idp;
  let browser;
  let poolId;
  before(async () => {
    // Amplify's app needs its HTTPS origin known to the server (CORS) at start, and the provider the server's URLs.
    certificateDir = mkdtempSync(join(tmpdir(), 'cognitolite-app-'));
    app = await startAppServer({ script: await bundleAmplifyApp(APP), certificate: selfSignedCertificate(certificateDir) });
    server = await startServer({ https: true, args: ['--CognitoLite:Cors:AllowedOrigins:0', app.url] });
    upstream = await startOidcProvider({ redirectUris: [`${server.url}/oauth2/idpresponse`, `${server.httpsUrl}/oauth2/idpresponse`] });
    idp = idpClient(server.url);
    browser = await launchChromium();
    poolId = (await idp.send(new CreateUserPoolCommand({ PoolName: uniqueName('federation') }))).UserPool.Id;
    await idp.send(new CreateIdentityProviderCommand({
      UserPoolId: poolId,
      ProviderName: PROVIDER,
      ProviderType: 'OIDC',
      ProviderDetails: {
        client_id: CLIENT_ID,
        client_secret: CLIENT_SECRET,
        authorize_scopes: 'openid email profile',
        attributes_request_method: 'GET',
        oidc_issuer: upstream.issuer,
      },
      AttributeMapping: { email: 'email', email_verified: 'email_verified', name: 'name' },
    }));
  });
  after(async () => {
    await browser?.close();
    idp?.destroy();
    await upstream?.stop();
    await server?.stop();
    await app?.stop();
    if (certificateDir) rmSync(certificateDir, { recursive: true, force: true });
  });

  const addClient = async (settings) => (await idp.send(new CreateUserPoolClientCommand({
    UserPoolId: poolId,
    ClientName: 'web',
    AllowedOAuthFlowsUserPoolClient: true,
    AllowedOAuthFlows: ['code'],
    AllowedOAuthScopes: SCOPES,
    SupportedIdentityProviders: [PROVIDER],
    ...settings,
  }))).UserPoolClient;

  test("the provider's endpoints come from its discovery document", async () => {
    const { IdentityProvider } = await idp.send(new DescribeIdentityProviderCommand({ UserPoolId: poolId, ProviderName: PROVIDER }));
    const details = IdentityProvider.ProviderDetails;
    assert.equal(details.authorize_url, `${upstream.issuer}/auth`);
    assert.equal(details.token_url, `${upstream.issuer}/token`);
    assert.equal(details.attributes_url, `${upstream.issuer}/me`);
    assert.equal(details.jwks_uri, `${upstream.issuer}/jwks`);
  });

  test('openid-client: sign-in at the provider in Chromium, the code redeemed with PKCE, the id token verified by aws-jwt-verify', async () => {
    const client = await addClient({ CallbackURLs: [REDIRECT_URI] });
    const issuer = new URL(`${server.url}/${poolId}`);
    const config = await oidc.discovery(issuer, client.ClientId, undefined, oidc.None(), {
      execute: [oidc.allowInsecureRequests, oidc.enableNonRepudiationChecks],
    });
    const checks = { pkceCodeVerifier: oidc.randomPKCECodeVerifier(), expectedState: oidc.randomState(), expectedNonce: oidc.randomNonce(), idTokenExpected: true };
    const url = oidc.buildAuthorizationUrl(config, {
      redirect_uri: REDIRECT_URI,
      scope: 'openid email profile',
      identity_provider: PROVIDER,
      code_challenge: await oidc.calculatePKCECodeChallenge(checks.pkceCodeVerifier),
      code_challenge_method: 'S256',
      state: checks.expectedState,
      nonce: checks.expectedNonce,
    });
    const tokenRequestsBefore = upstream.tokenRequests.length;

    const context = await browser.newContext();
    let callbackUrl;
    let login;
    try {
      const page = await context.newPage();
      const callback = callbackOf(page, REDIRECT_URI);
      await page.goto(url.href);
      login = await signInAtProvider(page, upstream.issuer, 'openid-client');
      callbackUrl = await callback;
      await screenshot(page, TEST, 'openid-client-callback');
    } finally {
      await context.close();
    }
    assert.equal(callbackUrl.searchParams.get('state'), checks.expectedState);

    const tokens = await oidc.authorizationCodeGrant(config, callbackUrl, checks);
    const claims = tokens.claims();
    assert.equal(claims['cognito:username'], `${PROVIDER}_${login}`);
    assert.equal(claims.nonce, checks.expectedNonce);
    assert.equal(claims.email, `${login}@idp.example`);
    assert.equal(claims.email_verified, true);
    assert.equal(claims.name, `${login} at the IdP`);
    assert.deepEqual(claims['cognito:groups'], [`${poolId}_${PROVIDER}`]);
    const [identity] = claims.identities;
    assert.deepEqual(
      { userId: identity.userId, providerName: identity.providerName, providerType: identity.providerType, issuer: identity.issuer, primary: identity.primary },
      { userId: login, providerName: PROVIDER, providerType: 'OIDC', issuer: upstream.issuer, primary: 'true' },
    );
    // One token request, authenticated with client_secret_post, which CognitoLite tries first (a 401 would bring a retry with Basic).
    assert.deepEqual(upstream.tokenRequests.slice(tokenRequestsBefore), [{ basic: false, status: 200 }]);

    // aws-jwt-verify's own fetcher speaks https only: over the server's http URL, the app plugs in one that uses fetch.
    const verifier = JwtRsaVerifier.create(
      { issuer: issuer.href, audience: client.ClientId, jwksUri: `${issuer.href}/.well-known/jwks.json` },
      { jwksCache: new SimpleJwksCache({ fetcher: { fetch: async (uri) => (await fetch(uri)).arrayBuffer() } }) },
    );
    const verified = await verifier.verify(tokens.id_token);
    assert.equal(verified.sub, claims.sub);
    assert.equal(verified.token_use, 'id');
    assert.equal(decodeJwt(tokens.access_token).payload.username, `${PROVIDER}_${login}`);
  });

  test('cancelling at the provider brings the app access_denied and no code', async () => {
    const client = await addClient({ CallbackURLs: [REDIRECT_URI] });
    const url = new URL(`${server.url}/oauth2/authorize`);
    url.search = new URLSearchParams({ client_id: client.ClientId, response_type: 'code', redirect_uri: REDIRECT_URI, identity_provider: PROVIDER, state: 'cancel-1' });

    const context = await browser.newContext();
    try {
      const page = await context.newPage();
      const callback = callbackOf(page, REDIRECT_URI);
      await page.goto(url.href);
      await page.waitForURL((at) => at.origin === upstream.issuer && at.pathname.startsWith('/interaction/'));
      await page.getByRole('link', { name: '[ Cancel ]' }).click();
      const callbackUrl = await callback;
      assert.deepEqual(Object.fromEntries(callbackUrl.searchParams), {
        error: 'access_denied',
        error_description: 'End-User aborted interaction',
        state: 'cancel-1',
      });
    } finally {
      await context.close();
    }
  });

  test("Amplify signInWithRedirect({ provider: { custom: 'Idp' } }): the provider's user reaches the app", async () => {
    const redirectUrl = `${app.url}/`;
    const client = await addClient({ CallbackURLs: [redirectUrl], LogoutURLs: [redirectUrl] });
    const oauth = { domain: new URL(server.httpsUrl).host, scopes: SCOPES, redirectSignIn: [redirectUrl], redirectSignOut: [redirectUrl], responseType: 'code' };

    const context = await browser.newContext();
    try {
      await context.addInitScript((config) => { window.appConfig = config; },
        { userPoolId: poolId, userPoolClientId: client.ClientId, userPoolEndpoint: server.httpsUrl, loginWith: { oauth } });
      const page = await context.newPage();
      const pageErrors = [];
      page.on('pageerror', (error) => pageErrors.push(error.message));
      await page.goto(redirectUrl);
      await page.waitForFunction(() => window.ready === true);

      const authorize = page.waitForRequest((request) => request.url().startsWith(`${server.httpsUrl}/oauth2/authorize?`));
      await page.evaluate((provider) => { window.auth.signInWithRedirect({ provider: { custom: provider } }); }, PROVIDER);
      const asked = Object.fromEntries(new URL((await authorize).url()).searchParams);
      assert.equal(asked.identity_provider, PROVIDER);
      assert.equal(asked.code_challenge_method, 'S256');

      const exchange = page.waitForResponse((response) => response.url() === `${server.httpsUrl}/oauth2/token`);
      const login = await signInAtProvider(page, upstream.issuer, 'amplify');
      assert.equal((await exchange).status(), 200);
      await page.waitForFunction(() => window.signedIn !== undefined);
      const signedIn = await page.evaluate(() => window.signedIn);
      assert.equal(signedIn.error, undefined);
      assert.equal(signedIn.username, `${PROVIDER}_${login}`);
      assert.equal(await page.innerText('body'), `Signed in as ${PROVIDER}_${login}`);
      await screenshot(page, TEST, 'amplify-signed-in');
      assert.equal(decodeJwt(signedIn.idToken).payload.identities[0].providerName, PROVIDER);

      // The access token's aws.cognito.signin.user.admin scope reads the federated user's attributes (GetUser).
      const attributes = await page.evaluate(() => window.auth.fetchUserAttributes());
      assert.equal(attributes.email, `${login}@idp.example`);
      assert.equal(attributes.name, `${login} at the IdP`);
      assert.equal(JSON.parse(attributes.identities)[0].userId, login);
      assert.deepEqual(pageErrors, []);
    } finally {
      await context.close();
    }
  });
});
