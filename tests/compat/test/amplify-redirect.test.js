// Amplify v6's signInWithRedirect, unmodified, in Chromium: an app page on its own HTTPS origin sends the browser to
// https://<oauth.domain>/oauth2/authorize (the server's HTTPS listener), the user signs in on the managed login page,
// and back on the app Amplify exchanges the code at https://<oauth.domain>/oauth2/token from the browser (CORS, the app's
// origin being the one the server allows). The app reads its user and session; signOut revokes the refresh token
// (RevokeToken at userPoolEndpoint) and goes through /logout back to the app.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, test } from 'node:test';
import { bundleAmplifyApp, launchChromium, screenshot, startAppServer } from '../support/browser.js';
import { selfSignedCertificate, startServer } from '../support/server.js';
import { idpClient } from '../support/aws.js';
import { fillSignInForm } from '../support/managed-login.js';
import { createPoolWithClient, decodeJwt, FAST_HASHING, signUpConfirmed } from '../support/users.js';

const APP = fileURLToPath(new URL('../pages/amplify-app.js', import.meta.url));
const SCOPES = ['openid', 'email', 'profile', 'aws.cognito.signin.user.admin'];
const TEST = 'amplify-redirect';

describe('Amplify signInWithRedirect', () => {
  let certificateDir;
  let app;
  let server;
  let idp;
  let browser;
  before(async () => {
    // The app's origin must be known before the server starts, to be its one allowed CORS origin: the app gets its own certificate.
    certificateDir = mkdtempSync(join(tmpdir(), 'cognitolite-app-'));
    app = await startAppServer({ script: await bundleAmplifyApp(APP), certificate: selfSignedCertificate(certificateDir) });
    server = await startServer({ env: FAST_HASHING, https: true, args: ['--CognitoLite:Cors:AllowedOrigins:0', app.url] });
    idp = idpClient(server.url);
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    idp?.destroy();
    await server?.stop();
    await app?.stop();
    if (certificateDir) rmSync(certificateDir, { recursive: true, force: true });
  });

  test('sign in on the hosted login, the code exchanged by Amplify, the session read, then signOut through /logout', async () => {
    const redirectUrl = `${app.url}/`;
    const { poolId, clientId } = await createPoolWithClient(idp, {
      appClient: {
        AllowedOAuthFlowsUserPoolClient: true,
        AllowedOAuthFlows: ['code'],
        AllowedOAuthScopes: SCOPES,
        CallbackURLs: [redirectUrl],
        LogoutURLs: [redirectUrl],
        SupportedIdentityProviders: ['COGNITO'],
      },
    });
    const user = await signUpConfirmed(idp, server.url, { poolId, clientId });
    const oauth = { domain: new URL(server.httpsUrl).host, scopes: SCOPES, redirectSignIn: [redirectUrl], redirectSignOut: [redirectUrl], responseType: 'code' };
    const sessionCookie = `cognitolite-session-${poolId}`;

    const context = await browser.newContext();
    try {
      await context.addInitScript((config) => { window.appConfig = config; },
        { userPoolId: poolId, userPoolClientId: clientId, userPoolEndpoint: server.httpsUrl, loginWith: { oauth } });
      const page = await context.newPage();
      const pageErrors = [];
      page.on('pageerror', (error) => pageErrors.push(error.message));
      await page.goto(redirectUrl);
      await page.waitForFunction(() => window.ready === true);
      await screenshot(page, TEST, 'app-signed-out');

      // signInWithRedirect: Amplify's authorize request, then the sign-in page it leads to.
      const authorize = page.waitForRequest((request) => request.url().startsWith(`${server.httpsUrl}/oauth2/authorize?`));
      await page.evaluate(() => { window.auth.signInWithRedirect(); });
      const authorizeUrl = new URL((await authorize).url());
      const asked = Object.fromEntries(authorizeUrl.searchParams);
      assert.equal(asked.client_id, clientId);
      assert.equal(asked.redirect_uri, redirectUrl);
      assert.equal(asked.response_type, 'code');
      assert.equal(asked.scope, SCOPES.join(' '));
      assert.equal(asked.identity_provider, 'COGNITO');
      assert.equal(asked.code_challenge_method, 'S256');
      await page.waitForURL((url) => url.origin === server.httpsUrl && url.pathname === '/login');
      await screenshot(page, TEST, 'sign-in');

      // The form sends the browser back to the app with a code, which Amplify exchanges from the app's origin.
      const callback = page.waitForRequest((request) => request.isNavigationRequest() && request.url().startsWith(`${redirectUrl}?`));
      const exchange = page.waitForResponse((response) => response.url() === `${server.httpsUrl}/oauth2/token`);
      await fillSignInForm(page, user, { test: TEST, step: 'sign-in-filled' });
      const callbackUrl = new URL((await callback).url());
      assert.equal(callbackUrl.searchParams.get('state'), asked.state);
      assert.ok(callbackUrl.searchParams.get('code'));
      const tokenResponse = await exchange;
      assert.equal(tokenResponse.status(), 200);
      assert.equal(tokenResponse.headers()['access-control-allow-origin'], app.url);

      await page.waitForFunction(() => window.signedIn !== undefined);
      const signedIn = await page.evaluate(() => window.signedIn);
      assert.equal(signedIn.error, undefined);
      assert.equal(signedIn.username, user.username);
      assert.equal(signedIn.userId, user.sub);
      const events = await page.evaluate(() => window.authEvents);
      assert.ok(events.some((e) => e.event === 'signInWithRedirect'), JSON.stringify(events));
      assert.ok(!events.some((e) => e.error), JSON.stringify(events));
      assert.equal(page.url(), redirectUrl, 'Amplify took the code out of the address');
      assert.equal(await page.innerText('body'), `Signed in as ${user.username}`);
      await screenshot(page, TEST, 'app-signed-in');

      const access = decodeJwt(signedIn.accessToken).payload;
      assert.deepEqual(access.scope.split(' ').sort(), SCOPES.toSorted());
      assert.equal(access.token_use, 'access');
      assert.equal(access.client_id, clientId);
      assert.equal(access.username, user.username);
      const id = decodeJwt(signedIn.idToken).payload;
      assert.equal(id.aud, clientId);
      assert.equal(id['cognito:username'], user.username);
      assert.equal(id.email, user.email);
      // aws.cognito.signin.user.admin lets the access token call the user's own operations (GetUser) at userPoolEndpoint.
      const attributes = await page.evaluate(() => window.auth.fetchUserAttributes());
      assert.deepEqual(attributes, { email: user.email, email_verified: 'true', sub: user.sub });
      const cookie = (await context.cookies(server.httpsUrl)).find((c) => c.name === sessionCookie);
      assert.ok(cookie, 'the hosted login keeps a session cookie');
      assert.deepEqual([cookie.httpOnly, cookie.secure, cookie.sameSite], [true, true, 'Lax']);

      // signOut: RevokeToken for the refresh token, then /logout, which ends the login session and returns to the app.
      const refreshToken = await page.evaluate(() => Object.entries(localStorage).find(([key]) => key.endsWith('.refreshToken'))?.[1]);
      assert.ok(refreshToken);
      await page.evaluate(() => { window.beforeSignOut = true; });
      const revoke = page.waitForResponse((response) => response.url() === `${server.httpsUrl}/`
        && response.request().headers()['x-amz-target'] === 'AWSCognitoIdentityProviderService.RevokeToken');
      const logout = page.waitForResponse((response) => response.url().startsWith(`${server.httpsUrl}/logout?`));
      await page.evaluate(() => { window.auth.signOut({ global: false }); });
      assert.equal((await revoke).status(), 200);
      const logoutResponse = await logout;
      assert.equal(logoutResponse.status(), 302);
      assert.equal(logoutResponse.headers().location, redirectUrl);
      assert.deepEqual(Object.fromEntries(new URL(logoutResponse.url()).searchParams), { client_id: clientId, logout_uri: redirectUrl });
      await page.waitForFunction(() => window.ready === true && window.beforeSignOut === undefined);
      assert.equal(page.url(), redirectUrl);
      assert.equal(await page.innerText('body'), 'Signed out');
      assert.equal(await page.evaluate(() => window.auth.getCurrentUser().then(() => 'signed in', (error) => error.name)), 'UserUnAuthenticatedException');
      assert.equal((await context.cookies(server.httpsUrl)).find((c) => c.name === sessionCookie), undefined);
      await screenshot(page, TEST, 'app-signed-out-again');

      const refresh = await fetch(`${server.url}/oauth2/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ grant_type: 'refresh_token', client_id: clientId, refresh_token: refreshToken }),
      });
      assert.equal(refresh.status, 400);
      assert.equal((await refresh.json()).error, 'invalid_grant');

      // The login session is over: signing in again shows the form rather than coming straight back.
      await page.evaluate(() => { window.auth.signInWithRedirect(); });
      await page.waitForURL((url) => url.origin === server.httpsUrl && url.pathname === '/login');
      assert.deepEqual(pageErrors, []);
    } finally {
      await context.close();
    }
  });
});
