// Helpers for sign-up and sign-in tests: pools and clients set up for password sign-in, codes read from the
// dev outbox, SECRET_HASH as an app computes it, and JWT decoding without verification.
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import {
  ConfirmSignUpCommand,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  InitiateAuthCommand,
  SignUpCommand,
} from '@aws-sdk/client-cognito-identity-provider';

/** Environment for compat servers: bcrypt at its lowest cost, so that sign-up and sign-in stay fast. */
export const FAST_HASHING = { CognitoLite__PasswordHashCost: '4' };

/** Meets the default password policy (8+ chars, upper, lower, digit, symbol). */
export const PASSWORD = 'Correct-Horse-9';

/** The explicit flows a password-sign-in app client enables. */
export const PASSWORD_FLOWS = ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_ADMIN_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'];

/** SECRET_HASH = Base64(HMAC-SHA256(key = client secret, message = username + client id)) (spec/user-pools.md §4). */
export const secretHash = (username, clientId, clientSecret) =>
  createHmac('sha256', clientSecret).update(username + clientId).digest('base64');

let counter = 0;
/** A username unique within the test process. */
export const uniqueName = (prefix = 'user') => `${prefix}-${process.pid}-${++counter}`;

/** Creates a pool whose sign-up codes go to the email, and a password-sign-in client in it. */
export async function createPoolWithClient(idp, { poolName = uniqueName('pool'), pool = {}, appClient = {} } = {}) {
  const { UserPool } = await idp.send(new CreateUserPoolCommand({
    PoolName: poolName,
    AutoVerifiedAttributes: ['email'],
    ...pool,
  }));
  const { UserPoolClient } = await idp.send(new CreateUserPoolClientCommand({
    UserPoolId: UserPool.Id,
    ClientName: 'app',
    ExplicitAuthFlows: PASSWORD_FLOWS,
    ...appClient,
  }));
  return { poolId: UserPool.Id, clientId: UserPoolClient.ClientId, clientSecret: UserPoolClient.ClientSecret };
}

/** GET /_dev/messages: every message the server sent to the user, oldest first. */
export async function devMessages(url, userPoolId, username) {
  const query = new URLSearchParams({ userPoolId, username });
  const response = await fetch(`${url}/_dev/messages?${query}`);
  assert.equal(response.status, 200, `/_dev/messages answered ${response.status}`);
  const messages = await response.json();
  assert.ok(Array.isArray(messages), '/_dev/messages returns an array');
  return messages;
}

/** The code of the newest message sent to the user. */
export async function latestCode(url, userPoolId, username) {
  const messages = await devMessages(url, userPoolId, username);
  assert.ok(messages.length > 0, `no message was sent to ${username}`);
  const { code } = messages.at(-1);
  assert.match(code, /^\d{6}$/);
  return code;
}

/** SignUp and ConfirmSignUp with the emailed code: a CONFIRMED user with a verified email. */
export async function signUpConfirmed(idp, url, { poolId, clientId, clientSecret }, username = uniqueName(), password = PASSWORD) {
  const hash = clientSecret ? { SecretHash: secretHash(username, clientId, clientSecret) } : {};
  const { UserSub } = await idp.send(new SignUpCommand({
    ClientId: clientId,
    Username: username,
    Password: password,
    UserAttributes: [{ Name: 'email', Value: `${username}@example.com` }],
    ...hash,
  }));
  const code = await latestCode(url, poolId, username);
  await idp.send(new ConfirmSignUpCommand({ ClientId: clientId, Username: username, ConfirmationCode: code, ...hash }));
  return { username, password, sub: UserSub, email: `${username}@example.com` };
}

/** A new confirmed user, signed in with USER_PASSWORD_AUTH: the user and the AuthenticationResult. */
export async function signedInUser(idp, url, app) {
  const user = await signUpConfirmed(idp, url, app);
  const hash = app.clientSecret ? { SECRET_HASH: secretHash(user.username, app.clientId, app.clientSecret) } : {};
  const { AuthenticationResult } = await idp.send(new InitiateAuthCommand({
    ClientId: app.clientId,
    AuthFlow: 'USER_PASSWORD_AUTH',
    AuthParameters: { USERNAME: user.username, PASSWORD: user.password, ...hash },
  }));
  return { user, tokens: AuthenticationResult };
}

/** The header and payload of a JWT, decoded without any check. */
export function decodeJwt(token) {
  const parts = token.split('.');
  assert.equal(parts.length, 3, 'a JWT has three parts');
  const [header, payload] = parts.slice(0, 2).map((part) => JSON.parse(Buffer.from(part, 'base64url').toString('utf8')));
  return { header, payload };
}

/** The same token with its payload changed (and the original signature kept). */
export function tamperPayload(token, changes) {
  const [header, payload, signature] = token.split('.');
  const claims = { ...JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')), ...changes };
  return [header, Buffer.from(JSON.stringify(claims)).toString('base64url'), signature].join('.');
}
