// amazon-cognito-identity-js, unmodified, through its default flow USER_SRP_AUTH (the library computes
// SRP_A, answers PASSWORD_VERIFIER with PASSWORD_CLAIM_SIGNATURE) against CognitoLite: plain sign-in,
// email-as-username pools (USER_ID_FOR_SRP), NEW_PASSWORD_REQUIRED, TOTP set-up and SOFTWARE_TOKEN_MFA, SMS_MFA.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import pkg from 'amazon-cognito-identity-js';
import {
  AdminCreateUserCommand,
  AdminSetUserMFAPreferenceCommand,
  AdminSetUserPasswordCommand,
  SetUserPoolMfaConfigCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { startServer } from '../support/server.js';
import { idpClient, UUID } from '../support/aws.js';
import { timeStep, totp } from '../support/totp.js';
import { createPoolWithClient, devMessages, FAST_HASHING, PASSWORD, uniqueName } from '../support/users.js';

const { AuthenticationDetails, CognitoUser, CognitoUserPool } = pkg;

/** An app client that allows the library's default flow. */
const SRP_FLOWS = ['ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'];
const NEW_PASSWORD = 'Battery-Staple-7';

// ---- the library's callbacks as promises ----

/**
 * authenticateUser with the library's default flow; resolves with { type, ... } for whichever callback fires
 * (onSuccess → 'success' with the session; challenges → their name with the callback arguments).
 */
function authenticate(user, username, password) {
  return new Promise((resolve, reject) => {
    user.authenticateUser(new AuthenticationDetails({ Username: username, Password: password }), {
      onSuccess: (session) => resolve({ type: 'success', session }),
      onFailure: reject,
      newPasswordRequired: (userAttributes, requiredAttributes) => resolve({ type: 'newPasswordRequired', userAttributes, requiredAttributes }),
      mfaRequired: (challengeName, challengeParameters) => resolve({ type: 'mfaRequired', challengeName, challengeParameters }),
      totpRequired: (challengeName, challengeParameters) => resolve({ type: 'totpRequired', challengeName, challengeParameters }),
      customChallenge: () => reject(new Error('unexpected CUSTOM_CHALLENGE')),
      mfaSetup: () => reject(new Error('unexpected MFA_SETUP')),
      selectMFAType: () => reject(new Error('unexpected SELECT_MFA_TYPE')),
    });
  });
}

async function signedIn(user, username, password) {
  const result = await authenticate(user, username, password);
  assert.equal(result.type, 'success', `expected onSuccess, got ${result.type}`);
  assert.equal(result.session.isValid(), true);
  return result.session;
}

function sendMfaCode(user, code, mfaType) {
  return new Promise((resolve, reject) => {
    user.sendMFACode(code, { onSuccess: resolve, onFailure: reject }, mfaType);
  });
}

/** The error the library passes to onFailure / the callback, checked the way apps check it. */
async function expectLibraryError(promise, code, message) {
  let error;
  try {
    await promise;
  } catch (caught) {
    error = caught;
  }
  assert.ok(error, `expected ${code}, but the call succeeded`);
  assert.equal(error.code, code, `error code (message: ${error.message})`);
  if (message) assert.equal(error.message, message);
  return error;
}

describe('amazon-cognito-identity-js USER_SRP_AUTH and MFA', { timeout: 300_000 }, () => {
  let server;
  let idp;
  before(async () => {
    server = await startServer({ env: FAST_HASHING });
    idp = idpClient(server.url);
  });
  after(async () => {
    idp?.destroy();
    await server?.stop();
  });

  /** A pool + SRP client, and the library's CognitoUserPool for it. */
  async function srpPool(pool = {}) {
    const app = await createPoolWithClient(idp, { pool, appClient: { ExplicitAuthFlows: SRP_FLOWS } });
    const userPool = new CognitoUserPool({ UserPoolId: app.poolId, ClientId: app.clientId, endpoint: `${server.url}/` });
    return { ...app, userPool };
  }

  /** AdminCreateUser (no invitation) + AdminSetUserPassword Permanent: a CONFIRMED user. */
  async function confirmedUser(poolId, username, attributes = [], password = PASSWORD) {
    const { User } = await idp.send(new AdminCreateUserCommand({
      UserPoolId: poolId, Username: username, MessageAction: 'SUPPRESS', UserAttributes: attributes,
    }));
    await idp.send(new AdminSetUserPasswordCommand({ UserPoolId: poolId, Username: username, Password: password, Permanent: true }));
    return User;
  }

  test('SRP sign-in: right password succeeds, wrong one fails; email as username uses USER_ID_FOR_SRP', async () => {
    const app = await srpPool();
    const username = uniqueName('srp');
    await confirmedUser(app.poolId, username, [{ Name: 'email', Value: `${username}@example.com` }, { Name: 'email_verified', Value: 'true' }]);
    const user = new CognitoUser({ Username: username, Pool: app.userPool });
    const session = await signedIn(user, username, PASSWORD);
    assert.equal(session.getAccessToken().decodePayload().username, username);
    assert.equal(session.getIdToken().decodePayload()['cognito:username'], username);
    assert.equal(session.getIdToken().decodePayload().aud, app.clientId);
    assert.ok(session.getRefreshToken().getToken());

    await expectLibraryError(
      authenticate(new CognitoUser({ Username: username, Pool: app.userPool }), username, 'Wrong-Password-1'),
      'NotAuthorizedException', 'Incorrect username or password.',
    );

    // Email-as-username pool: the user types the email, the server's PASSWORD_VERIFIER names the UUID username.
    const emailApp = await srpPool({ UsernameAttributes: ['email'] });
    const email = `${uniqueName('srp-mail')}@example.com`;
    const created = await confirmedUser(emailApp.poolId, email, [{ Name: 'email', Value: email }, { Name: 'email_verified', Value: 'true' }]);
    assert.match(created.Username, UUID);
    const emailUser = new CognitoUser({ Username: email, Pool: emailApp.userPool });
    const emailSession = await signedIn(emailUser, email, PASSWORD);
    assert.equal(emailSession.getAccessToken().decodePayload().username, created.Username);
    assert.equal(emailSession.getIdToken().decodePayload().email, email);
    assert.equal(emailUser.getUsername(), created.Username, 'the library adopts USER_ID_FOR_SRP');

    await expectLibraryError(
      authenticate(new CognitoUser({ Username: email, Pool: emailApp.userPool }), email, 'Wrong-Password-1'),
      'NotAuthorizedException', 'Incorrect username or password.',
    );
  });

  test('newPasswordRequired → completeNewPasswordChallenge, then sign-in with the new password', async () => {
    const app = await srpPool();
    const username = uniqueName('srp-new');
    await idp.send(new AdminCreateUserCommand({
      UserPoolId: app.poolId, Username: username, TemporaryPassword: PASSWORD, MessageAction: 'SUPPRESS',
      UserAttributes: [{ Name: 'email', Value: `${username}@example.com` }, { Name: 'email_verified', Value: 'true' }],
    }));
    const user = new CognitoUser({ Username: username, Pool: app.userPool });
    const challenge = await authenticate(user, username, PASSWORD);
    assert.equal(challenge.type, 'newPasswordRequired');
    assert.equal(challenge.userAttributes.email, `${username}@example.com`);
    assert.ok(Array.isArray(challenge.requiredAttributes), 'requiredAttributes is an array');

    const session = await new Promise((resolve, reject) => {
      user.completeNewPasswordChallenge(NEW_PASSWORD, {}, {
        onSuccess: resolve,
        onFailure: reject,
        mfaRequired: () => reject(new Error('unexpected SMS_MFA')),
        totpRequired: () => reject(new Error('unexpected SOFTWARE_TOKEN_MFA')),
      });
    });
    assert.equal(session.isValid(), true);
    assert.equal(session.getAccessToken().decodePayload().username, username);

    const again = await signedIn(new CognitoUser({ Username: username, Pool: app.userPool }), username, NEW_PASSWORD);
    assert.equal(again.getAccessToken().decodePayload().username, username);
    await expectLibraryError(
      authenticate(new CognitoUser({ Username: username, Pool: app.userPool }), username, PASSWORD),
      'NotAuthorizedException', 'Incorrect username or password.',
    );
  });

  test('TOTP: associateSoftwareToken, verifySoftwareToken, setUserMfaPreference, then totpRequired sign-in', async () => {
    const app = await srpPool();
    await idp.send(new SetUserPoolMfaConfigCommand({
      UserPoolId: app.poolId, MfaConfiguration: 'OPTIONAL', SoftwareTokenMfaConfiguration: { Enabled: true },
    }));
    const username = uniqueName('srp-totp');
    await confirmedUser(app.poolId, username, [{ Name: 'email', Value: `${username}@example.com` }, { Name: 'email_verified', Value: 'true' }]);
    const user = new CognitoUser({ Username: username, Pool: app.userPool });
    await signedIn(user, username, PASSWORD);

    const secret = await new Promise((resolve, reject) => {
      user.associateSoftwareToken({ associateSecretCode: resolve, onFailure: reject });
    });
    assert.match(secret, /^[A-Z2-7]+=*$/, 'a base32 secret');

    const verifyStep = timeStep();
    const verified = await new Promise((resolve, reject) => {
      user.verifySoftwareToken(totp(secret, verifyStep), 'phone', { onSuccess: resolve, onFailure: reject });
    });
    assert.equal(verified.Status, 'SUCCESS');

    const preference = await new Promise((resolve, reject) => {
      user.setUserMfaPreference(null, { PreferredMfa: true, Enabled: true }, (error, result) => (error ? reject(error) : resolve(result)));
    });
    assert.equal(preference, 'SUCCESS');

    // A wrong code fails with CodeMismatchException (chosen to differ from every code the server would accept).
    const wrongUser = new CognitoUser({ Username: username, Pool: app.userPool });
    const wrongChallenge = await authenticate(wrongUser, username, PASSWORD);
    assert.equal(wrongChallenge.type, 'totpRequired');
    const near = new Set([-1, 0, 1, 2].map((d) => totp(secret, timeStep() + d)));
    let wrong = '000000';
    while (near.has(wrong)) wrong = String((Number(wrong) + 111111) % 1_000_000).padStart(6, '0');
    await expectLibraryError(sendMfaCode(wrongUser, wrong, 'SOFTWARE_TOKEN_MFA'), 'CodeMismatchException');

    // A fresh sign-in answers SOFTWARE_TOKEN_MFA. The step used to verify is spent: use the one after it
    // (within the server's ±1 step), or the current one if the clock has moved past that.
    const next = new CognitoUser({ Username: username, Pool: app.userPool });
    const challenge = await authenticate(next, username, PASSWORD);
    assert.equal(challenge.type, 'totpRequired');
    assert.equal(challenge.challengeName, 'SOFTWARE_TOKEN_MFA');
    const step = Math.max(verifyStep + 1, timeStep());
    const session = await sendMfaCode(next, totp(secret, step), 'SOFTWARE_TOKEN_MFA');
    assert.equal(session.isValid(), true);
    assert.equal(session.getAccessToken().decodePayload().username, username);
  });

  test('SMS MFA: mfaRequired, code from the dev outbox, sendMFACode', async () => {
    const app = await srpPool();
    await idp.send(new SetUserPoolMfaConfigCommand({
      UserPoolId: app.poolId,
      MfaConfiguration: 'ON',
      SmsMfaConfiguration: { SmsConfiguration: { SnsCallerArn: 'arn:aws:iam::000000000000:role/sns-role' } },
    }));
    const username = uniqueName('srp-sms');
    await confirmedUser(app.poolId, username, [
      { Name: 'phone_number', Value: '+15555550123' },
      { Name: 'phone_number_verified', Value: 'true' },
    ]);
    await idp.send(new AdminSetUserMFAPreferenceCommand({
      UserPoolId: app.poolId, Username: username, SMSMfaSettings: { Enabled: true, PreferredMfa: true },
    }));

    const user = new CognitoUser({ Username: username, Pool: app.userPool });
    const challenge = await authenticate(user, username, PASSWORD);
    assert.equal(challenge.type, 'mfaRequired');
    assert.equal(challenge.challengeName, 'SMS_MFA');
    assert.equal(challenge.challengeParameters.CODE_DELIVERY_DELIVERY_MEDIUM, 'SMS');

    const messages = await devMessages(server.url, app.poolId, username);
    assert.ok(messages.length > 0, 'an SMS was sent');
    const latest = messages.at(-1);
    assert.equal(latest.medium, 'SMS');
    assert.match(latest.code, /^\d{6}$/);

    const session = await sendMfaCode(user, latest.code);
    assert.equal(session.isValid(), true);
    assert.equal(session.getAccessToken().decodePayload().username, username);
  });
});
