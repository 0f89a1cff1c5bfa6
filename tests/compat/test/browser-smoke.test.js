// The browser set-up the hosted-login tests stand on: Debian's Chromium through playwright-core, an app page that
// bundles aws-amplify v6 with esbuild and configures it for the hosted login (OAuth code flow), served from its own
// HTTPS origin, and the server's HTTPS listener on a certificate made for this run, all in one browser.
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { after, before, describe, test } from 'node:test';
import { bundleAmplifyApp, launchChromium, screenshot, startAppServer } from '../support/browser.js';
import { startServer } from '../support/server.js';
import { idpClient } from '../support/aws.js';
import { createPoolWithClient, FAST_HASHING } from '../support/users.js';

const APP = fileURLToPath(new URL('../pages/amplify-app.js', import.meta.url));

describe('browser set-up', () => {
  let server;
  let idp;
  let app;
  let browser;
  before(async () => {
    server = await startServer({ env: FAST_HASHING, https: true });
    idp = idpClient(server.url);
    app = await startAppServer({ script: await bundleAmplifyApp(APP), certificate: server.certificate });
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await app?.stop();
    idp?.destroy();
    await server?.stop();
  });

  test('an Amplify app page configured for the hosted login, and the server over HTTPS, in one browser', async () => {
    const redirectUrl = `${app.url}/`;
    const { poolId, clientId } = await createPoolWithClient(idp, {
      appClient: {
        CallbackURLs: [redirectUrl],
        LogoutURLs: [redirectUrl],
        AllowedOAuthFlows: ['code'],
        AllowedOAuthScopes: ['openid', 'email'],
        AllowedOAuthFlowsUserPoolClient: true,
        SupportedIdentityProviders: ['COGNITO'],
      },
    });
    const domain = new URL(server.httpsUrl).host;
    const oauth = { domain, scopes: ['openid', 'email'], redirectSignIn: [redirectUrl], redirectSignOut: [redirectUrl], responseType: 'code' };
    const context = await browser.newContext();
    try {
      await context.addInitScript((config) => { window.appConfig = config; },
        { userPoolId: poolId, userPoolClientId: clientId, loginWith: { oauth } });
      const page = await context.newPage();
      const pageErrors = [];
      page.on('pageerror', (error) => pageErrors.push(error.message));

      await page.goto(redirectUrl);
      await page.waitForFunction(() => window.ready === true);
      assert.deepEqual(pageErrors, []);
      const taken = await page.evaluate(() => window.amplifyConfig.Auth.Cognito);
      assert.equal(taken.userPoolId, poolId);
      assert.equal(taken.userPoolClientId, clientId);
      assert.deepEqual(taken.loginWith.oauth, oauth);
      // From the app's origin, the browser reaches the server over HTTPS as Amplify's token requests will (CORS).
      const health = await page.evaluate((url) => fetch(url).then((response) => response.status), `${server.httpsUrl}/health/live`);
      assert.equal(health, 200);
      await screenshot(page, 'browser-smoke', 'app');

      const home = await page.goto(`${server.httpsUrl}/`);
      assert.equal(home.status(), 200);
      assert.equal(page.url(), `${server.httpsUrl}/`);
      assert.match(await page.innerText('body'), /^CognitoLite: Amazon Cognito's wire protocols on one port\./);
      await screenshot(page, 'browser-smoke', 'server-home');
    } finally {
      await context.close();
    }
  });
});
