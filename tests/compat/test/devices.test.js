// amazon-cognito-identity-js's device tracking, unmodified, against CognitoLite. The pool remembers devices when the user
// says so (DeviceOnlyRememberedOnUserPrompt) and lets a remembered device stand in for SMS MFA (ChallengeRequiredOnNewDevice).
// The library confirms the new device itself after the first sign-in (ConfirmDevice with the SRP verifier of a secret it
// keeps); the app calls setDeviceStatusRemembered and listDevices; the next sign-in goes through DEVICE_SRP_AUTH and
// DEVICE_PASSWORD_VERIFIER instead of a texted code; refreshSession sends the device key; forgetDevice makes the device new again.
// A device forgotten elsewhere is refused with "Device does not exist.", on which the library drops its key and answers again.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import pkg from 'amazon-cognito-identity-js';
import {
  AdminCreateUserCommand,
  AdminForgetDeviceCommand,
  AdminSetUserPasswordCommand,
  InitiateAuthCommand,
  SetUserPoolMfaConfigCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { startServer } from '../support/server.js';
import { expectServiceError, idpClient } from '../support/aws.js';
import { createPoolWithClient, devMessages, FAST_HASHING, PASSWORD, uniqueName } from '../support/users.js';

const { AuthenticationDetails, CognitoUser, CognitoUserPool } = pkg;

const SRP_FLOWS = ['ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'];

/** The DeviceName the library sends with ConfirmDevice: the browser's user agent, 'nodejs' without one. */
const LIBRARY_DEVICE_NAME = typeof navigator !== 'undefined' ? navigator.userAgent : 'nodejs';

/** authenticateUser with the library's default flow (USER_SRP_AUTH); resolves with the callback that fired. */
function authenticate(user, username) {
  return new Promise((resolve, reject) => {
    user.authenticateUser(new AuthenticationDetails({ Username: username, Password: PASSWORD }), {
      onSuccess: (session, userConfirmationNecessary) => resolve({ type: 'success', session, userConfirmationNecessary }),
      onFailure: reject,
      mfaRequired: (challengeName) => resolve({ type: 'mfaRequired', challengeName }),
      newPasswordRequired: () => reject(new Error('unexpected NEW_PASSWORD_REQUIRED')),
      totpRequired: () => reject(new Error('unexpected SOFTWARE_TOKEN_MFA')),
      customChallenge: () => reject(new Error('unexpected CUSTOM_CHALLENGE')),
      mfaSetup: () => reject(new Error('unexpected MFA_SETUP')),
      selectMFAType: () => reject(new Error('unexpected SELECT_MFA_TYPE')),
    });
  });
}

/** sendMFACode; the library confirms a new device before it calls onSuccess. */
function sendMfaCode(user, code) {
  return new Promise((resolve, reject) => {
    user.sendMFACode(code, {
      onSuccess: (session, userConfirmationNecessary) => resolve({ session, userConfirmationNecessary }),
      onFailure: reject,
    });
  });
}

/** The library's { onSuccess, onFailure } callbacks as a promise. */
const callbacks = (fn) => new Promise((resolve, reject) => fn({ onSuccess: resolve, onFailure: reject }));

/** Its node-style callbacks as a promise. */
const call = (fn) => new Promise((resolve, reject) => fn((error, result) => (error ? reject(error) : resolve(result))));

/**
 * Every request the process sends to the server, recorded on the way out (operation and body): the library's own traffic,
 * unchanged, to see which challenges it answered.
 */
function recordRequests(serverUrl) {
  const requests = [];
  const original = globalThis.fetch;
  globalThis.fetch = (url, options = {}) => {
    if (String(url).startsWith(serverUrl)) {
      const headers = new Headers(options.headers);
      requests.push({ operation: headers.get('x-amz-target')?.split('.').at(-1), body: JSON.parse(options.body ?? '{}') });
    }
    return original(url, options);
  };
  return { requests, restore: () => { globalThis.fetch = original; } };
}

describe('amazon-cognito-identity-js device tracking', { timeout: 300_000 }, () => {
  let server;
  let idp;
  let recorder;
  before(async () => {
    server = await startServer({ env: FAST_HASHING });
    idp = idpClient(server.url);
    recorder = recordRequests(server.url);
  });
  after(async () => {
    recorder?.restore();
    idp?.destroy();
    await server?.stop();
  });

  /** The challenges the library answered since the last call, in order. */
  let seen = 0;
  function answeredChallenges() {
    const answered = recorder.requests.slice(seen)
      .filter((r) => r.operation === 'RespondToAuthChallenge')
      .map((r) => r.body.ChallengeName);
    seen = recorder.requests.length;
    return answered;
  }

  /** A pool that remembers devices on the user's word, with SMS MFA on, and a user with a phone; the library's pool object. */
  async function poolAndUser() {
    const app = await createPoolWithClient(idp, {
      pool: { DeviceConfiguration: { ChallengeRequiredOnNewDevice: true, DeviceOnlyRememberedOnUserPrompt: true } },
      appClient: { ExplicitAuthFlows: SRP_FLOWS },
    });
    await idp.send(new SetUserPoolMfaConfigCommand({
      UserPoolId: app.poolId,
      MfaConfiguration: 'ON',
      SmsMfaConfiguration: { SmsConfiguration: { SnsCallerArn: 'arn:aws:iam::000000000000:role/sns-role' } },
    }));
    const username = uniqueName('device');
    await idp.send(new AdminCreateUserCommand({
      UserPoolId: app.poolId, Username: username, MessageAction: 'SUPPRESS',
      UserAttributes: [{ Name: 'phone_number', Value: '+15555550123' }, { Name: 'phone_number_verified', Value: 'true' }],
    }));
    await idp.send(new AdminSetUserPasswordCommand({ UserPoolId: app.poolId, Username: username, Password: PASSWORD, Permanent: true }));
    const userPool = new CognitoUserPool({ UserPoolId: app.poolId, ClientId: app.clientId, endpoint: `${server.url}/` });
    return { app, username, userPool };
  }

  /** The SMS_MFA challenge answered with the texted code. */
  async function answerTextedCode(app, user, username) {
    const code = (await devMessages(server.url, app.poolId, username)).at(-1).code;
    return sendMfaCode(user, code);
  }

  test('remember, list, sign in again through DEVICE_SRP_AUTH, refresh on the device, forget', async () => {
    const { app, username, userPool } = await poolAndUser();
    const texts = async () => (await devMessages(server.url, app.poolId, username)).length;

    // First sign-in: a new device, so the texted code; the library then confirms the device it was given.
    const user = new CognitoUser({ Username: username, Pool: userPool });
    const challenge = await authenticate(user, username);
    assert.equal(challenge.type, 'mfaRequired');
    assert.equal(challenge.challengeName, 'SMS_MFA');
    const first = await answerTextedCode(app, user, username);
    assert.equal(first.session.isValid(), true);
    assert.equal(first.userConfirmationNecessary, true, 'the pool remembers devices only when the user says so');
    const deviceKey = first.session.getAccessToken().decodePayload().device_key;
    assert.match(deviceKey, /^us-east-1_[0-9a-f-]{36}$/);
    const confirm = recorder.requests.find((r) => r.operation === 'ConfirmDevice');
    assert.equal(confirm.body.DeviceKey, deviceKey);
    assert.ok(confirm.body.DeviceSecretVerifierConfig.PasswordVerifier && confirm.body.DeviceSecretVerifierConfig.Salt);

    const tracked = await callbacks((cb) => user.getDevice(cb));
    assert.equal(tracked.Device.DeviceKey, deviceKey);
    assert.deepEqual((await callbacks((cb) => user.listDevices(60, null, cb))).Devices, [], 'only remembered devices are listed');

    assert.equal(await callbacks((cb) => user.setDeviceStatusRemembered(cb)), 'SUCCESS');
    const listed = await callbacks((cb) => user.listDevices(60, null, cb));
    assert.equal(listed.Devices.length, 1);
    const [device] = listed.Devices;
    assert.equal(device.DeviceKey, deviceKey);
    const attributes = Object.fromEntries(device.DeviceAttributes.map((a) => [a.Name, a.Value]));
    assert.equal(attributes.device_status, 'valid');
    assert.equal(attributes.device_name, LIBRARY_DEVICE_NAME);
    assert.equal(attributes.last_ip_used, '127.0.0.1');
    for (const date of ['DeviceCreateDate', 'DeviceLastModifiedDate', 'DeviceLastAuthenticatedDate']) assert.equal(typeof device[date], 'number');

    // Second sign-in, from a new CognitoUser of the same app: the library's stored device proves itself; no code is texted.
    const textsBefore = await texts();
    answeredChallenges();
    const again = new CognitoUser({ Username: username, Pool: userPool });
    const second = await authenticate(again, username);
    assert.equal(second.type, 'success', `expected onSuccess, got ${second.type}`);
    assert.deepEqual(answeredChallenges(), ['PASSWORD_VERIFIER', 'DEVICE_SRP_AUTH', 'DEVICE_PASSWORD_VERIFIER']);
    assert.equal(await texts(), textsBefore);
    assert.equal(second.session.getAccessToken().decodePayload().device_key, deviceKey);
    assert.equal(recorder.requests.filter((r) => r.operation === 'ConfirmDevice').length, 1, 'a known device is not confirmed again');

    // The refresh token is the device's: the library sends its key; without it the token is refused.
    const refreshed = await call((cb) => again.refreshSession(second.session.getRefreshToken(), cb));
    assert.equal(refreshed.isValid(), true);
    assert.equal(recorder.requests.at(-1).body.AuthParameters.DEVICE_KEY, deviceKey);
    const refreshWithout = () => idp.send(new InitiateAuthCommand({
      ClientId: app.clientId, AuthFlow: 'REFRESH_TOKEN_AUTH', AuthParameters: { REFRESH_TOKEN: second.session.getRefreshToken().getToken() },
    }));
    await expectServiceError(refreshWithout(), { name: 'NotAuthorizedException', message: 'Invalid Refresh Token' });

    // Forgotten: no longer listed, its refresh tokens stop working, and the next sign-in is a new device's again.
    assert.equal(await callbacks((cb) => again.forgetDevice(cb)), 'SUCCESS');
    assert.deepEqual((await callbacks((cb) => again.listDevices(60, null, cb))).Devices, []);
    await expectServiceError(idp.send(new InitiateAuthCommand({
      ClientId: app.clientId,
      AuthFlow: 'REFRESH_TOKEN_AUTH',
      AuthParameters: { REFRESH_TOKEN: second.session.getRefreshToken().getToken(), DEVICE_KEY: deviceKey },
    })), { name: 'NotAuthorizedException', message: 'Invalid Refresh Token' });
    answeredChallenges();
    const third = await authenticate(new CognitoUser({ Username: username, Pool: userPool }), username);
    assert.equal(third.type, 'mfaRequired');
    assert.deepEqual(answeredChallenges(), ['PASSWORD_VERIFIER']);
  });

  test('a device the admin forgot: the library drops its key, answers again and signs in as a new device', async () => {
    const { app, username, userPool } = await poolAndUser();
    const user = new CognitoUser({ Username: username, Pool: userPool });
    assert.equal((await authenticate(user, username)).type, 'mfaRequired');
    const first = await answerTextedCode(app, user, username);
    const deviceKey = first.session.getAccessToken().decodePayload().device_key;
    await callbacks((cb) => user.setDeviceStatusRemembered(cb));
    await idp.send(new AdminForgetDeviceCommand({ UserPoolId: app.poolId, Username: username, DeviceKey: deviceKey }));

    answeredChallenges();
    const again = new CognitoUser({ Username: username, Pool: userPool });
    const challenge = await authenticate(again, username);

    // Refused with "Device does not exist.", the same PASSWORD_VERIFIER answer is sent again with DEVICE_KEY: null.
    assert.deepEqual(answeredChallenges(), ['PASSWORD_VERIFIER', 'PASSWORD_VERIFIER']);
    const [stale, retried] = recorder.requests.filter((r) => r.operation === 'RespondToAuthChallenge').slice(-2);
    assert.equal(stale.body.ChallengeResponses.DEVICE_KEY, deviceKey);
    assert.equal(retried.body.ChallengeResponses.DEVICE_KEY, null);
    assert.equal(retried.body.ChallengeResponses.PASSWORD_CLAIM_SECRET_BLOCK, stale.body.ChallengeResponses.PASSWORD_CLAIM_SECRET_BLOCK);
    assert.equal(challenge.type, 'mfaRequired');
    const signedIn = await answerTextedCode(app, again, username);
    assert.notEqual(signedIn.session.getAccessToken().decodePayload().device_key, deviceKey, 'a new device');
  });
});
