// aws-amplify v6, unmodified, pointed at CognitoLite with `userPoolEndpoint`, from Node: signIn through its
// default flow (USER_SRP_AUTH), fetchAuthSession with tokens checked against the pool's JWKS, confirmSignIn for
// NEW_PASSWORD_REQUIRED and for TOTP set up with setUpTOTP / verifyTOTPSetup / updateMFAPreference, and choice-based
// sign-in (authFlowType USER_AUTH) with an emailed code, a password, and the first-factor selection.
import assert from 'node:assert/strict';
import { after, afterEach, before, describe, test } from 'node:test';
import { Amplify } from 'aws-amplify';
import {
  confirmSignIn,
  fetchAuthSession,
  setUpTOTP,
  signIn,
  signOut,
  updateMFAPreference,
  verifyTOTPSetup,
} from 'aws-amplify/auth';
import { cognitoUserPoolsTokenProvider } from 'aws-amplify/auth/cognito';
import { sharedInMemoryStorage } from 'aws-amplify/utils';
import { AdminCreateUserCommand, AdminSetUserPasswordCommand, SetUserPoolMfaConfigCommand } from '@aws-sdk/client-cognito-identity-provider';
import { createRemoteJWKSet, jwtVerify } from 'jose';
import { startServer } from '../support/server.js';
import { idpClient } from '../support/aws.js';
import { timeStep, totp } from '../support/totp.js';
import { createPoolWithClient, FAST_HASHING, latestCode, PASSWORD, uniqueName } from '../support/users.js';

/** Amplify's default flow, choice-based sign-in, and refresh. */
const AMPLIFY_FLOWS = ['ALLOW_USER_SRP_AUTH', 'ALLOW_USER_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'];
const NEW_PASSWORD = 'Battery-Staple-7';

describe('aws-amplify v6 signIn against userPoolEndpoint', { timeout: 300_000 }, () => {
  let server;
  let idp;
  before(async () => {
    server = await startServer({ env: FAST_HASHING });
    idp = idpClient(server.url);
    // Node has no localStorage: Amplify keeps its tokens in memory.
    cognitoUserPoolsTokenProvider.setKeyValueStorage(sharedInMemoryStorage);
  });
  afterEach(async () => {
    await signOut();
  });
  after(async () => {
    idp?.destroy();
    await server?.stop();
  });

  /** A pool (first factors as given), an app client for Amplify, and Amplify configured for them as an app would be. */
  async function amplifyPool(pool = {}) {
    const app = await createPoolWithClient(idp, { pool, appClient: { ExplicitAuthFlows: AMPLIFY_FLOWS } });
    Amplify.configure({ Auth: { Cognito: { userPoolId: app.poolId, userPoolClientId: app.clientId, userPoolEndpoint: server.url } } });
    return app;
  }

  /** A CONFIRMED user with a verified email (AdminCreateUser, then a permanent password). */
  async function confirmedUser(poolId, username = uniqueName('amp')) {
    await idp.send(new AdminCreateUserCommand({
      UserPoolId: poolId, Username: username, MessageAction: 'SUPPRESS',
      UserAttributes: [{ Name: 'email', Value: `${username}@example.com` }, { Name: 'email_verified', Value: 'true' }],
    }));
    await idp.send(new AdminSetUserPasswordCommand({ UserPoolId: poolId, Username: username, Password: PASSWORD, Permanent: true }));
    return username;
  }

  /** fetchAuthSession's tokens, verified with jose against the pool's JWKS and issuer; returns the access token's claims. */
  async function verifiedSession(app, username) {
    const { tokens } = await fetchAuthSession();
    assert.ok(tokens?.accessToken && tokens?.idToken, 'fetchAuthSession returns tokens');
    const issuer = `${server.url}/${app.poolId}`;
    const jwks = createRemoteJWKSet(new URL(`${issuer}/.well-known/jwks.json`));
    const { payload: id } = await jwtVerify(tokens.idToken.toString(), jwks, { issuer, audience: app.clientId });
    const { payload: access } = await jwtVerify(tokens.accessToken.toString(), jwks, { issuer });
    assert.equal(id['cognito:username'], username);
    assert.equal(access.username, username);
    assert.equal(access.client_id, app.clientId);
    assert.equal(access.token_use, 'access');
    return access;
  }

  test('signIn with the default flow (SRP) is signed in, and fetchAuthSession tokens verify', async () => {
    const app = await amplifyPool();
    const username = await confirmedUser(app.poolId);

    const result = await signIn({ username, password: PASSWORD });

    assert.deepEqual(result, { isSignedIn: true, nextStep: { signInStep: 'DONE' } });
    await verifiedSession(app, username);
    await signOut();
    await assert.rejects(signIn({ username, password: 'Wrong-Password-1' }), { name: 'NotAuthorizedException', message: 'Incorrect username or password.' });
  });

  test('NEW_PASSWORD_REQUIRED: confirmSignIn with the new password', async () => {
    const app = await amplifyPool();
    const username = uniqueName('amp-new');
    await idp.send(new AdminCreateUserCommand({
      UserPoolId: app.poolId, Username: username, TemporaryPassword: PASSWORD, MessageAction: 'SUPPRESS',
      UserAttributes: [{ Name: 'email', Value: `${username}@example.com` }, { Name: 'email_verified', Value: 'true' }],
    }));

    const challenge = await signIn({ username, password: PASSWORD });
    assert.equal(challenge.isSignedIn, false);
    assert.equal(challenge.nextStep.signInStep, 'CONFIRM_SIGN_IN_WITH_NEW_PASSWORD_REQUIRED');
    assert.deepEqual(challenge.nextStep.missingAttributes, []);

    const done = await confirmSignIn({ challengeResponse: NEW_PASSWORD });

    assert.equal(done.isSignedIn, true);
    await verifiedSession(app, username);
    await signOut();
    assert.equal((await signIn({ username, password: NEW_PASSWORD })).isSignedIn, true);
  });

  test('TOTP: setUpTOTP, verifyTOTPSetup, updateMFAPreference, then confirmSignIn with the code', async () => {
    const app = await amplifyPool();
    await idp.send(new SetUserPoolMfaConfigCommand({
      UserPoolId: app.poolId, MfaConfiguration: 'OPTIONAL', SoftwareTokenMfaConfiguration: { Enabled: true },
    }));
    const username = await confirmedUser(app.poolId);
    assert.equal((await signIn({ username, password: PASSWORD })).isSignedIn, true);
    const { sharedSecret } = await setUpTOTP();
    const verifyStep = timeStep();
    await verifyTOTPSetup({ code: totp(sharedSecret, verifyStep), options: { friendlyDeviceName: 'amplify' } });
    await updateMFAPreference({ totp: 'PREFERRED' });
    await signOut();

    const challenge = await signIn({ username, password: PASSWORD });
    assert.equal(challenge.isSignedIn, false);
    assert.equal(challenge.nextStep.signInStep, 'CONFIRM_SIGN_IN_WITH_TOTP_CODE');
    // The step that verified the app is spent: the next one (within the server's ±1 step), or the current one if the
    // clock has moved past it.
    const done = await confirmSignIn({ challengeResponse: totp(sharedSecret, Math.max(verifyStep + 1, timeStep())) });

    assert.equal(done.isSignedIn, true);
    await verifiedSession(app, username);
  });

  test('USER_AUTH with preferredChallenge EMAIL_OTP: the emailed code signs in', async () => {
    const app = await amplifyPool({ Policies: { SignInPolicy: { AllowedFirstAuthFactors: ['PASSWORD', 'EMAIL_OTP'] } } });
    const username = await confirmedUser(app.poolId);

    const challenge = await signIn({ username, options: { authFlowType: 'USER_AUTH', preferredChallenge: 'EMAIL_OTP' } });

    assert.equal(challenge.isSignedIn, false);
    assert.equal(challenge.nextStep.signInStep, 'CONFIRM_SIGN_IN_WITH_EMAIL_CODE');
    assert.deepEqual(challenge.nextStep.codeDeliveryDetails, { deliveryMedium: 'EMAIL', destination: `${username[0]}***@e***` });
    const code = await latestCode(server.url, app.poolId, username);
    await assert.rejects(confirmSignIn({ challengeResponse: code === '000000' ? '000001' : '000000' }), { name: 'CodeMismatchException' });
    const done = await confirmSignIn({ challengeResponse: code });
    assert.equal(done.isSignedIn, true);
    await verifiedSession(app, username);
  });

  test('USER_AUTH with preferredChallenge PASSWORD or PASSWORD_SRP signs in at once', async () => {
    const app = await amplifyPool({ Policies: { SignInPolicy: { AllowedFirstAuthFactors: ['PASSWORD', 'EMAIL_OTP'] } } });
    const username = await confirmedUser(app.poolId);

    for (const preferredChallenge of ['PASSWORD', 'PASSWORD_SRP']) {
      const result = await signIn({ username, password: PASSWORD, options: { authFlowType: 'USER_AUTH', preferredChallenge } });
      assert.deepEqual(result, { isSignedIn: true, nextStep: { signInStep: 'DONE' } }, preferredChallenge);
      await verifiedSession(app, username);
      await signOut();
    }
    await assert.rejects(
      signIn({ username, password: 'Wrong-Password-1', options: { authFlowType: 'USER_AUTH', preferredChallenge: 'PASSWORD' } }),
      { name: 'NotAuthorizedException', message: 'Incorrect username or password.' },
    );
  });

  test('USER_AUTH without a preference: the user picks a first factor, then gives the password', async () => {
    const app = await amplifyPool({ Policies: { SignInPolicy: { AllowedFirstAuthFactors: ['PASSWORD', 'EMAIL_OTP'] } } });
    const username = await confirmedUser(app.poolId);

    for (const factor of ['PASSWORD', 'PASSWORD_SRP']) {
      const selection = await signIn({ username, options: { authFlowType: 'USER_AUTH' } });
      assert.equal(selection.nextStep.signInStep, 'CONTINUE_SIGN_IN_WITH_FIRST_FACTOR_SELECTION');
      assert.deepEqual(selection.nextStep.availableChallenges, ['PASSWORD', 'PASSWORD_SRP', 'EMAIL_OTP']);
      const password = await confirmSignIn({ challengeResponse: factor });
      assert.equal(password.nextStep.signInStep, 'CONFIRM_SIGN_IN_WITH_PASSWORD');

      const done = await confirmSignIn({ challengeResponse: PASSWORD });

      assert.equal(done.isSignedIn, true, factor);
      await verifiedSession(app, username);
      await signOut();
    }

    const selection = await signIn({ username, options: { authFlowType: 'USER_AUTH' } });
    assert.equal(selection.nextStep.signInStep, 'CONTINUE_SIGN_IN_WITH_FIRST_FACTOR_SELECTION');
    const emailed = await confirmSignIn({ challengeResponse: 'EMAIL_OTP' });
    assert.equal(emailed.nextStep.signInStep, 'CONFIRM_SIGN_IN_WITH_EMAIL_CODE');
    assert.equal((await confirmSignIn({ challengeResponse: await latestCode(server.url, app.poolId, username) })).isSignedIn, true);
    await verifiedSession(app, username);
  });
});
