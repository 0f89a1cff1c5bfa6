// amazon-cognito-identity-js (the library under Amplify v5 and many web apps), unmodified, pointed at
// CognitoLite with the pool's `endpoint` option: sign-up, confirmation and USER_PASSWORD_AUTH sign-in
// (SRP, its default flow, is covered in srp-mfa.test.js), then GetUser, refresh, sign-out with revocation and global sign-out.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import identity from 'amazon-cognito-identity-js';
import { InitiateAuthCommand } from '@aws-sdk/client-cognito-identity-provider';
import { startServer } from '../support/server.js';
import { expectServiceError, idpClient } from '../support/aws.js';
import { createPoolWithClient, devMessages, FAST_HASHING, latestCode, PASSWORD, uniqueName } from '../support/users.js';

const { AuthenticationDetails, CognitoUser, CognitoUserAttribute, CognitoUserPool } = identity;

/** The library's node-style callbacks as promises. */
const call = (fn) => new Promise((resolve, reject) => fn((error, result) => (error ? reject(error) : resolve(result))));

/** authenticateUser with USER_PASSWORD_AUTH; resolves with the CognitoUserSession. */
function signIn(user, password) {
  user.setAuthenticationFlowType('USER_PASSWORD_AUTH');
  return new Promise((resolve, reject) => {
    user.authenticateUser(new AuthenticationDetails({ Username: user.getUsername(), Password: password }), {
      onSuccess: resolve,
      onFailure: reject,
      newPasswordRequired: () => reject(new Error('unexpected NEW_PASSWORD_REQUIRED')),
      mfaRequired: () => reject(new Error('unexpected SMS_MFA')),
      totpRequired: () => reject(new Error('unexpected SOFTWARE_TOKEN_MFA')),
      customChallenge: () => reject(new Error('unexpected CUSTOM_CHALLENGE')),
    });
  });
}

/** The error the library passes to its callback, checked the way apps check it (err.code / err.name). */
async function expectLibraryError(promise, code, message) {
  let error;
  try {
    await promise;
  } catch (caught) {
    error = caught;
  }
  assert.ok(error, `expected ${code}, but the call succeeded`);
  assert.equal(error.code, code, `error code (message: ${error.message})`);
  assert.equal(error.name, code);
  if (message) assert.equal(error.message, message);
  return error;
}

describe('amazon-cognito-identity-js', () => {
  let server;
  let idp;
  let userPool;
  let app;
  before(async () => {
    server = await startServer({ env: FAST_HASHING });
    idp = idpClient(server.url);
    app = await createPoolWithClient(idp, { poolName: 'compat-identity-js' });
    // `endpoint` is the only change from an app's AWS configuration (the library posts to it as is).
    userPool = new CognitoUserPool({ UserPoolId: app.poolId, ClientId: app.clientId, endpoint: `${server.url}/` });
  });
  after(async () => {
    idp?.destroy();
    await server?.stop();
  });

  // The library retries every failed refreshSession with backoff for about 6 s before it reports the error,
  // so whether a refresh token still works is checked with the SDK instead.
  const expectRefreshRefused = (refreshToken) => expectServiceError(idp.send(new InitiateAuthCommand({
    ClientId: app.clientId, AuthFlow: 'REFRESH_TOKEN_AUTH', AuthParameters: { REFRESH_TOKEN: refreshToken.getToken() },
  })), { name: 'NotAuthorizedException', message: 'Refresh Token has been revoked' });

  const user = (username) => new CognitoUser({ Username: username, Pool: userPool });
  const emailAttribute = (username) => [new CognitoUserAttribute({ Name: 'email', Value: `${username}@example.com` })];

  /** signUp + confirmRegistration through the library. */
  async function registered(username = uniqueName('ijs')) {
    await call((cb) => userPool.signUp(username, PASSWORD, emailAttribute(username), null, cb));
    const code = await latestCode(server.url, app.poolId, username);
    await call((cb) => user(username).confirmRegistration(code, true, cb));
    return username;
  }

  test('signUp and confirmRegistration', async () => {
    const username = uniqueName('ijs-signup');
    const result = await call((cb) => userPool.signUp(username, PASSWORD, emailAttribute(username), null, cb));
    assert.equal(result.userConfirmed, false);
    assert.match(result.userSub, /^[0-9a-f-]{36}$/);
    assert.equal(result.codeDeliveryDetails.DeliveryMedium, 'EMAIL');
    assert.equal(result.codeDeliveryDetails.AttributeName, 'email');
    assert.equal(result.user.getUsername(), username);

    await expectLibraryError(
      call((cb) => userPool.signUp(username, PASSWORD, emailAttribute(username), null, cb)),
      'UsernameExistsException', 'User already exists',
    );
    await expectLibraryError(
      call((cb) => userPool.signUp(uniqueName('ijs-weak'), 'weak', [], null, cb)),
      'InvalidPasswordException',
    );

    const code = await latestCode(server.url, app.poolId, username);
    await expectLibraryError(call((cb) => result.user.confirmRegistration(code === '000000' ? '111111' : '000000', true, cb)), 'CodeMismatchException');
    await expectLibraryError(signIn(user(username), PASSWORD), 'UserNotConfirmedException');

    await call((cb) => result.user.resendConfirmationCode(cb));
    assert.equal((await devMessages(server.url, app.poolId, username)).length, 2);
    const resent = await latestCode(server.url, app.poolId, username);
    assert.equal(await call((cb) => result.user.confirmRegistration(resent, true, cb)), 'SUCCESS');
    assert.ok((await signIn(user(username), PASSWORD)).isValid());
  });

  test('USER_PASSWORD_AUTH sign-in gives a valid session; getUserAttributes reads GetUser', async () => {
    const username = await registered();
    const cognitoUser = user(username);
    const session = await signIn(cognitoUser, PASSWORD);
    assert.equal(session.isValid(), true);
    const idPayload = session.getIdToken().decodePayload();
    assert.equal(idPayload['cognito:username'], username);
    assert.equal(idPayload.aud, app.clientId);
    assert.equal(session.getAccessToken().decodePayload().username, username);
    assert.equal(session.getAccessToken().getExpiration(), session.getAccessToken().decodePayload().exp);
    assert.ok(session.getRefreshToken().getToken());
    assert.ok(Math.abs(session.getClockDrift()) <= 5, `clock drift ${session.getClockDrift()} s`);

    const attributes = Object.fromEntries((await call((cb) => cognitoUser.getUserAttributes(cb))).map((a) => [a.getName(), a.getValue()]));
    assert.equal(attributes.email, `${username}@example.com`);
    assert.equal(attributes.email_verified, 'true');
    assert.equal(attributes.sub, idPayload.sub);

    // A fresh CognitoUser for the last user finds the session the library stored.
    const current = userPool.getCurrentUser();
    assert.equal(current.getUsername(), username);
    const restored = await call((cb) => current.getSession(cb));
    assert.equal(restored.getAccessToken().getJwtToken(), session.getAccessToken().getJwtToken());
  });

  test('wrong password and unknown user fail with NotAuthorizedException', async () => {
    const username = await registered();
    await expectLibraryError(signIn(user(username), 'Wrong-Password-1'), 'NotAuthorizedException', 'Incorrect username or password.');
    await expectLibraryError(signIn(user(uniqueName('ijs-nobody')), PASSWORD), 'NotAuthorizedException', 'Incorrect username or password.');
  });

  test('refreshSession gets new tokens and keeps the refresh token', async () => {
    const username = await registered();
    const cognitoUser = user(username);
    const session = await signIn(cognitoUser, PASSWORD);
    // The library sends DEVICE_KEY: null here (no remembered device): the server must accept it.
    const refreshed = await call((cb) => cognitoUser.refreshSession(session.getRefreshToken(), cb));
    assert.equal(refreshed.isValid(), true);
    assert.equal(refreshed.getRefreshToken().getToken(), session.getRefreshToken().getToken());
    assert.notEqual(refreshed.getAccessToken().getJwtToken(), session.getAccessToken().getJwtToken());
    assert.equal(refreshed.getAccessToken().decodePayload().origin_jti, session.getAccessToken().decodePayload().origin_jti);
    const attributes = await call((cb) => cognitoUser.getUserAttributes(cb));
    assert.ok(attributes.some((a) => a.getName() === 'email'));
  });

  test('signOut(callback) revokes the refresh token', async () => {
    const username = await registered();
    const cognitoUser = user(username);
    const session = await signIn(cognitoUser, PASSWORD);
    const refreshToken = session.getRefreshToken();
    await new Promise((resolve, reject) => cognitoUser.signOut((error) => (error ? reject(error) : resolve())));
    assert.equal(userPool.getCurrentUser(), null, 'the library forgot the user');

    await expectRefreshRefused(refreshToken);
  });

  test('globalSignOut ends every session of the user', async () => {
    const username = await registered();
    const cognitoUser = user(username);
    const session = await signIn(cognitoUser, PASSWORD);
    const other = user(username);
    const otherSession = await signIn(other, PASSWORD);

    await new Promise((resolve, reject) => cognitoUser.globalSignOut({ onSuccess: resolve, onFailure: reject }));

    await expectLibraryError(call((cb) => other.getUserAttributes(cb)), 'NotAuthorizedException');
    await expectRefreshRefused(session.getRefreshToken());
    await expectRefreshRefused(otherSession.getRefreshToken());
  });
});
