// Passkeys in a real browser: Debian's Chromium with a CDP virtual authenticator (WebAuthn.addVirtualAuthenticator:
// CTAP2, internal, resident keys, user verification) standing in for the device's. An Amplify v6 app on
// http://localhost registers a passkey (associateWebAuthnCredential: StartWebAuthnRegistration, navigator.credentials.create,
// CompleteWebAuthnRegistration) and signs in with it (signIn with USER_AUTH and preferredChallenge WEB_AUTHN:
// navigator.credentials.get over CREDENTIAL_REQUEST_OPTIONS); the managed login pages offer to add a passkey after a
// password sign-in and sign in with it through "Sign in with a passkey". In development mode the pool's relying party
// is `localhost`.
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { after, before, describe, test } from 'node:test';
import { AdminCreateUserCommand, AdminSetUserPasswordCommand, ListWebAuthnCredentialsCommand } from '@aws-sdk/client-cognito-identity-provider';
import { bundleAmplifyApp, launchChromium, screenshot, startAppServer } from '../support/browser.js';
import { startServer } from '../support/server.js';
import { idpClient } from '../support/aws.js';
import { createPoolWithClient, decodeJwt, FAST_HASHING, PASSWORD, uniqueName } from '../support/users.js';

const APP = fileURLToPath(new URL('../pages/passkey-app.js', import.meta.url));
const FLOWS = ['ALLOW_USER_AUTH', 'ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'];

/** The same server or app on localhost, the host name a passkey for relying party `localhost` is used from. */
const onLocalhost = (url) => url.replace('//127.0.0.1:', '//localhost:');

/** CDP's credential ids are base64, Cognito's base64url. */
const base64Url = (base64) => base64.replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');

describe('passkeys in Chromium', () => {
  let server;
  let idp;
  let app;
  let browser;
  before(async () => {
    server = await startServer({ env: FAST_HASHING });
    idp = idpClient(server.url);
    app = await startAppServer({ script: await bundleAmplifyApp(APP) });
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await app?.stop();
    idp?.destroy();
    await server?.stop();
  });

  /** A pool that allows passkeys, a client for USER_AUTH (and the hosted login, back to the app), and a user with a password. */
  async function poolAndUser() {
    const appUrl = `${onLocalhost(app.url)}/`;
    const { poolId, clientId } = await createPoolWithClient(idp, {
      pool: { Policies: { SignInPolicy: { AllowedFirstAuthFactors: ['PASSWORD', 'WEB_AUTHN'] } } },
      appClient: {
        ExplicitAuthFlows: FLOWS,
        CallbackURLs: [appUrl],
        AllowedOAuthFlows: ['code'],
        AllowedOAuthScopes: ['openid', 'aws.cognito.signin.user.admin'],
        AllowedOAuthFlowsUserPoolClient: true,
        SupportedIdentityProviders: ['COGNITO'],
      },
    });
    const username = uniqueName('passkey');
    await idp.send(new AdminCreateUserCommand({ UserPoolId: poolId, Username: username, MessageAction: 'SUPPRESS' }));
    await idp.send(new AdminSetUserPasswordCommand({ UserPoolId: poolId, Username: username, Password: PASSWORD, Permanent: true }));
    return { poolId, clientId, username, appUrl };
  }

  /** A browser tab with the Amplify app on localhost and a virtual platform authenticator attached to the tab. */
  async function appTab({ poolId, clientId, appUrl }) {
    const context = await browser.newContext();
    await context.addInitScript((config) => { window.appConfig = config; },
      { userPoolId: poolId, userPoolClientId: clientId, userPoolEndpoint: server.url });
    const page = await context.newPage();
    const pageErrors = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    const cdp = await context.newCDPSession(page);
    await cdp.send('WebAuthn.enable');
    const { authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', {
      options: {
        protocol: 'ctap2',
        transport: 'internal',
        hasResidentKey: true,
        hasUserVerification: true,
        isUserVerified: true,
        automaticPresenceSimulation: true,
      },
    });
    await page.goto(appUrl);
    await page.waitForFunction(() => window.ready === true);
    const storedCredentials = async () => (await cdp.send('WebAuthn.getCredentials', { authenticatorId })).credentials;
    return { context, page, pageErrors, storedCredentials };
  }

  /** Signs in with the password and registers a passkey through Amplify; returns the stored credential. */
  async function registerPasskey(page, username, storedCredentials) {
    const first = await page.evaluate(({ username, password }) =>
      window.auth.signIn({ username, password, options: { authFlowType: 'USER_AUTH', preferredChallenge: 'PASSWORD' } }), { username, password: PASSWORD });
    assert.equal(first.isSignedIn, true);
    await page.evaluate(() => window.auth.associateWebAuthnCredential());
    const stored = await storedCredentials();
    assert.equal(stored.length, 1);
    return stored[0];
  }

  test('Amplify registers a passkey and signs in with it', async () => {
    const user = await poolAndUser();
    const { context, page, pageErrors, storedCredentials } = await appTab(user);
    try {
      const stored = await registerPasskey(page, user.username, storedCredentials);
      assert.equal(stored.rpId, 'localhost');
      assert.equal(stored.isResidentCredential, true);

      const { credentials } = await page.evaluate(() => window.auth.listWebAuthnCredentials());
      assert.equal(credentials.length, 1);
      assert.equal(credentials[0].credentialId, base64Url(stored.credentialId));
      assert.equal(credentials[0].relyingPartyId, 'localhost');
      const accessToken = await page.evaluate(() => window.auth.fetchAuthSession().then((s) => s.tokens.accessToken.toString()));
      const listed = await idp.send(new ListWebAuthnCredentialsCommand({ AccessToken: accessToken }));
      assert.deepEqual(listed.Credentials.map((c) => c.CredentialId), [base64Url(stored.credentialId)]);
      await screenshot(page, 'passkeys', 'registered');

      await page.evaluate(() => window.auth.signOut());
      const signedIn = await page.evaluate((username) =>
        window.auth.signIn({ username, options: { authFlowType: 'USER_AUTH', preferredChallenge: 'WEB_AUTHN' } }), user.username);

      assert.equal(signedIn.isSignedIn, true);
      assert.equal(signedIn.nextStep.signInStep, 'DONE');
      const access = await page.evaluate(() => window.auth.fetchAuthSession().then((s) => s.tokens.accessToken.toString()));
      assert.equal(decodeJwt(access).payload.username, user.username);
      // The assertion's counter was taken: the authenticator's went up.
      assert.ok((await storedCredentials())[0].signCount > stored.signCount);
      assert.deepEqual(pageErrors, []);
    } finally {
      await context.close();
    }
  });

  test('Amplify chooses the passkey among the first factors signIn offers', async () => {
    const user = await poolAndUser();
    const { context, page, pageErrors, storedCredentials } = await appTab(user);
    try {
      await registerPasskey(page, user.username, storedCredentials);
      await page.evaluate(() => window.auth.signOut());

      // No preferred challenge: SELECT_CHALLENGE; confirmSignIn answers it with ANSWER=WEB_AUTHN, gets the WEB_AUTHN
      // challenge with its CREDENTIAL_REQUEST_OPTIONS, asks the authenticator and answers WEB_AUTHN with the CREDENTIAL.
      const choice = await page.evaluate((username) => window.auth.signIn({ username, options: { authFlowType: 'USER_AUTH' } }), user.username);
      assert.equal(choice.nextStep.signInStep, 'CONTINUE_SIGN_IN_WITH_FIRST_FACTOR_SELECTION');
      assert.deepEqual(choice.nextStep.availableChallenges, ['PASSWORD', 'PASSWORD_SRP', 'WEB_AUTHN']);
      const signedIn = await page.evaluate(() => window.auth.confirmSignIn({ challengeResponse: 'WEB_AUTHN' }));

      assert.equal(signedIn.isSignedIn, true);
      assert.equal(signedIn.nextStep.signInStep, 'DONE');
      const access = await page.evaluate(() => window.auth.fetchAuthSession().then((s) => s.tokens.accessToken.toString()));
      assert.equal(decodeJwt(access).payload.username, user.username);
      assert.deepEqual(pageErrors, []);
    } finally {
      await context.close();
    }
  });

  test('the managed login pages add a passkey after a password sign-in, then sign in with it', async () => {
    const user = await poolAndUser();
    const { context, page, pageErrors, storedCredentials } = await appTab(user);
    const authorize = new URL(`${onLocalhost(server.url)}/oauth2/authorize`);
    authorize.search = new URLSearchParams({
      client_id: user.clientId, response_type: 'code', redirect_uri: user.appUrl, scope: 'openid', prompt: 'login',
    }).toString();
    const backAtApp = (url) => url.toString().startsWith(user.appUrl);
    try {
      await page.goto(authorize.toString());
      await page.fill('input[name=username]', user.username);
      await page.fill('input[name=password]', PASSWORD);
      await page.click('button.btn-primary');
      await page.waitForSelector('#passkey-create');
      await screenshot(page, 'passkeys', 'add-a-passkey');
      await Promise.all([page.waitForURL(backAtApp), page.click('#passkey-create')]);
      const [stored] = await storedCredentials();
      assert.equal(stored.rpId, 'localhost');

      await page.goto(authorize.toString());
      await page.fill('input[name=username]', user.username);
      await page.click('button[value=WEB_AUTHN]');
      await page.waitForSelector('#passkey-button');
      await screenshot(page, 'passkeys', 'passkey-step');
      await Promise.all([page.waitForURL(backAtApp), page.click('#passkey-button')]);

      const code = new URL(page.url()).searchParams.get('code');
      const exchanged = await fetch(`${server.url}/oauth2/token`, {
        method: 'POST',
        body: new URLSearchParams({ grant_type: 'authorization_code', client_id: user.clientId, code, redirect_uri: user.appUrl }),
      });
      assert.equal(exchanged.status, 200);
      assert.equal(decodeJwt((await exchanged.json()).access_token).payload.username, user.username);
      assert.ok((await storedCredentials())[0].signCount > stored.signCount);
      assert.deepEqual(pageErrors, []);
    } finally {
      await context.close();
    }
  });
});
