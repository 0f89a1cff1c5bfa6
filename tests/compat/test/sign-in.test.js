// Sign-up, confirmation, password sign-in, refresh, sign-out and revocation through
// @aws-sdk/client-cognito-identity-provider, unmodified, as an app calls them.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  AdminConfirmSignUpCommand,
  AdminInitiateAuthCommand,
  AdminUserGlobalSignOutCommand,
  CodeMismatchException,
  CognitoIdentityProviderClient,
  ConfirmSignUpCommand,
  GetUserCommand,
  GlobalSignOutCommand,
  InitiateAuthCommand,
  InvalidParameterException,
  InvalidPasswordException,
  NotAuthorizedException,
  ResendConfirmationCodeCommand,
  RevokeTokenCommand,
  SignUpCommand,
  UserNotConfirmedException,
  UsernameExistsException,
} from '@aws-sdk/client-cognito-identity-provider';
import { startServer } from '../support/server.js';
import { expectServiceError, idpClient, REGION, UUID } from '../support/aws.js';
import {
  createPoolWithClient,
  decodeJwt,
  devMessages,
  FAST_HASHING,
  latestCode,
  PASSWORD,
  secretHash,
  signUpConfirmed,
  uniqueName,
} from '../support/users.js';

const INCORRECT = 'Incorrect username or password.';

describe('sign-up and sign-in', () => {
  let server;
  let idp;
  let app; // { poolId, clientId }: a pool with email codes and a client with the password flows
  before(async () => {
    // A long first lockout, so that the lockout test does not race the clock on a slow machine.
    server = await startServer({ env: { ...FAST_HASHING, CognitoLite__Lockout__FirstLockout: '00:05:00' } });
    idp = idpClient(server.url);
    app = await createPoolWithClient(idp, { poolName: 'compat-sign-in' });
  });
  after(async () => {
    idp?.destroy();
    await server?.stop();
  });

  const passwordSignIn = (username, password = PASSWORD, target = app, extra = {}) =>
    idp.send(new InitiateAuthCommand({
      ClientId: target.clientId,
      AuthFlow: 'USER_PASSWORD_AUTH',
      AuthParameters: { USERNAME: username, PASSWORD: password, ...extra },
    }));
  const refresh = (refreshToken, target = app, extra = {}) =>
    idp.send(new InitiateAuthCommand({
      ClientId: target.clientId,
      AuthFlow: 'REFRESH_TOKEN_AUTH',
      AuthParameters: { REFRESH_TOKEN: refreshToken, ...extra },
    }));
  const getUser = (accessToken) => idp.send(new GetUserCommand({ AccessToken: accessToken }));

  test('sign-up → emailed code → ConfirmSignUp → USER_PASSWORD_AUTH → GetUser → REFRESH_TOKEN_AUTH', async () => {
    const username = uniqueName('journey');
    const email = `${username}@example.com`;

    const signedUp = await idp.send(new SignUpCommand({
      ClientId: app.clientId,
      Username: username,
      Password: PASSWORD,
      UserAttributes: [{ Name: 'email', Value: email }, { Name: 'name', Value: 'Jo Journey' }],
    }));
    assert.equal(signedUp.UserConfirmed, false);
    assert.match(signedUp.UserSub, UUID);
    assert.equal(signedUp.CodeDeliveryDetails.DeliveryMedium, 'EMAIL');
    assert.equal(signedUp.CodeDeliveryDetails.AttributeName, 'email');
    assert.match(signedUp.CodeDeliveryDetails.Destination, /^j\*+@e\*+/, 'destination is masked');

    const messages = await devMessages(server.url, app.poolId, username);
    assert.equal(messages.length, 1);
    assert.equal(messages[0].destination, email);
    assert.equal(messages[0].medium, 'EMAIL');
    assert.match(messages[0].code, /^\d{6}$/);
    assert.ok(messages[0].body.includes(messages[0].code), 'the body carries the code');

    // Before confirmation the right password is refused with UserNotConfirmedException.
    await expectServiceError(passwordSignIn(username), {
      name: 'UserNotConfirmedException', type: UserNotConfirmedException, status: 400,
    });

    const confirmed = await idp.send(new ConfirmSignUpCommand({
      ClientId: app.clientId, Username: username, ConfirmationCode: messages[0].code,
    }));
    assert.equal(confirmed.$metadata.httpStatusCode, 200);

    const signedIn = await passwordSignIn(username);
    assert.equal(signedIn.ChallengeName, undefined);
    const result = signedIn.AuthenticationResult;
    assert.equal(result.TokenType, 'Bearer');
    assert.equal(result.ExpiresIn, 3600);
    assert.match(result.RefreshToken, /^[A-Za-z0-9\-_=.]+$/);
    const id = decodeJwt(result.IdToken);
    const access = decodeJwt(result.AccessToken);
    assert.deepEqual(Object.keys(id.header).sort(), ['alg', 'kid']);
    assert.equal(id.header.alg, 'RS256');
    assert.equal(id.payload.token_use, 'id');
    assert.equal(id.payload.sub, signedUp.UserSub);
    assert.equal(id.payload.aud, app.clientId);
    assert.equal(id.payload['cognito:username'], username);
    assert.equal(id.payload.email, email);
    assert.equal(id.payload.email_verified, true, 'email_verified is a JSON boolean');
    assert.equal(id.payload.name, 'Jo Journey');
    assert.equal(id.payload.iss, `${server.url}/${app.poolId}`);
    assert.equal(id.payload.exp - id.payload.iat, 3600);
    assert.equal(access.payload.token_use, 'access');
    assert.equal(access.payload.client_id, app.clientId);
    assert.equal(access.payload.username, username);
    assert.equal(access.payload.scope, 'aws.cognito.signin.user.admin');
    assert.equal(access.payload.aud, undefined, 'access tokens carry client_id, not aud');
    assert.equal(access.payload.origin_jti, id.payload.origin_jti);
    assert.notEqual(access.payload.jti, id.payload.jti);

    const user = await getUser(result.AccessToken);
    assert.equal(user.Username, username);
    const attributes = Object.fromEntries(user.UserAttributes.map((a) => [a.Name, a.Value]));
    assert.equal(attributes.sub, signedUp.UserSub);
    assert.equal(attributes.email, email);
    assert.equal(attributes.email_verified, 'true', 'the code proved the email');
    assert.equal(attributes.name, 'Jo Journey');

    const refreshed = await refresh(result.RefreshToken);
    const again = refreshed.AuthenticationResult;
    assert.equal(again.RefreshToken, undefined, 'no rotation: the app keeps its refresh token');
    assert.equal(again.TokenType, 'Bearer');
    assert.equal(again.ExpiresIn, 3600);
    const refreshedAccess = decodeJwt(again.AccessToken).payload;
    assert.equal(refreshedAccess.origin_jti, access.payload.origin_jti, 'same origin as the refresh token');
    assert.equal(refreshedAccess.auth_time, access.payload.auth_time, 'auth_time is kept on refresh');
    assert.notEqual(refreshedAccess.jti, access.payload.jti);
    assert.equal(decodeJwt(again.IdToken).payload.sub, signedUp.UserSub);
    assert.equal((await getUser(again.AccessToken)).Username, username);
  });

  test('an app without AWS credentials (browser style) signs up and signs in', async () => {
    const anonymous = new CognitoIdentityProviderClient({
      region: REGION,
      endpoint: server.url,
      credentials: async () => { throw new Error('no credentials: these operations must not need any'); },
    });
    try {
      const username = uniqueName('anon');
      await anonymous.send(new SignUpCommand({
        ClientId: app.clientId, Username: username, Password: PASSWORD,
        UserAttributes: [{ Name: 'email', Value: `${username}@example.com` }],
      }));
      const code = await latestCode(server.url, app.poolId, username);
      await anonymous.send(new ConfirmSignUpCommand({ ClientId: app.clientId, Username: username, ConfirmationCode: code }));
      const { AuthenticationResult } = await anonymous.send(new InitiateAuthCommand({
        ClientId: app.clientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: username, PASSWORD },
      }));
      const user = await anonymous.send(new GetUserCommand({ AccessToken: AuthenticationResult.AccessToken }));
      assert.equal(user.Username, username);
    } finally {
      anonymous.destroy();
    }
  });

  test('SignUp of a taken username is UsernameExistsException, also in another letter case', async () => {
    const { username } = await signUpConfirmed(idp, server.url, app);
    for (const taken of [username, username.toUpperCase()]) {
      await expectServiceError(idp.send(new SignUpCommand({
        ClientId: app.clientId, Username: taken, Password: PASSWORD,
        UserAttributes: [{ Name: 'email', Value: `other-${username}@example.com` }],
      })), { name: 'UsernameExistsException', type: UsernameExistsException, status: 400, message: 'User already exists' });
    }
  });

  test('SignUp with a password the policy refuses is InvalidPasswordException', async () => {
    const cases = [
      ['Sh0rt!', 'Password did not conform with policy: Password not long enough'],
      ['alllowercase-9', 'Password did not conform with policy: Password must have uppercase characters'],
      ['NoDigits-here', 'Password did not conform with policy: Password must have numeric characters'],
      ['NoSymbols99x', 'Password did not conform with policy: Password must have symbol characters'],
    ];
    for (const [password, message] of cases) {
      const username = uniqueName('weak');
      await expectServiceError(idp.send(new SignUpCommand({
        ClientId: app.clientId, Username: username, Password: password,
        UserAttributes: [{ Name: 'email', Value: `${username}@example.com` }],
      })), { name: 'InvalidPasswordException', type: InvalidPasswordException, status: 400, message });
    }
  });

  test('a wrong code is CodeMismatchException; ResendConfirmationCode replaces the code', async () => {
    const username = uniqueName('resend');
    await idp.send(new SignUpCommand({
      ClientId: app.clientId, Username: username, Password: PASSWORD,
      UserAttributes: [{ Name: 'email', Value: `${username}@example.com` }],
    }));
    const first = await latestCode(server.url, app.poolId, username);
    const wrong = first === '000000' ? '111111' : '000000';
    await expectServiceError(
      idp.send(new ConfirmSignUpCommand({ ClientId: app.clientId, Username: username, ConfirmationCode: wrong })),
      { name: 'CodeMismatchException', type: CodeMismatchException, status: 400 },
    );

    const resent = await idp.send(new ResendConfirmationCodeCommand({ ClientId: app.clientId, Username: username }));
    assert.equal(resent.CodeDeliveryDetails.DeliveryMedium, 'EMAIL');
    assert.equal(resent.CodeDeliveryDetails.AttributeName, 'email');
    const messages = await devMessages(server.url, app.poolId, username);
    assert.equal(messages.length, 2, 'a second message went out');
    const second = messages[1].code;

    if (second !== first) {
      await expectServiceError(
        idp.send(new ConfirmSignUpCommand({ ClientId: app.clientId, Username: username, ConfirmationCode: first })),
        { name: 'CodeMismatchException', type: CodeMismatchException },
      );
    }
    await idp.send(new ConfirmSignUpCommand({ ClientId: app.clientId, Username: username, ConfirmationCode: second }));
    assert.ok((await passwordSignIn(username)).AuthenticationResult.AccessToken);

    // A confirmed user cannot be confirmed again.
    await expectServiceError(
      idp.send(new ConfirmSignUpCommand({ ClientId: app.clientId, Username: username, ConfirmationCode: second })),
      { name: 'NotAuthorizedException', type: NotAuthorizedException, message: 'User cannot be confirmed. Current status is CONFIRMED' },
    );
  });

  // The documented recovery: AliasExistsException, then ConfirmSignUp again with the same code and ForceAliasCreation.
  test('AliasExistsException, then the same code with ForceAliasCreation moves the email alias', async () => {
    const aliasApp = await createPoolWithClient(idp, { pool: { AliasAttributes: ['email'] } });
    const first = await signUpConfirmed(idp, server.url, aliasApp, uniqueName('first'));
    // The first user's email is verified, so it is a sign-in alias; a second user signs up with the same email.
    const second = uniqueName('second');
    await idp.send(new SignUpCommand({
      ClientId: aliasApp.clientId, Username: second, Password: PASSWORD, UserAttributes: [{ Name: 'email', Value: first.email }],
    }));
    const code = await latestCode(server.url, aliasApp.poolId, second);
    await expectServiceError(
      idp.send(new ConfirmSignUpCommand({ ClientId: aliasApp.clientId, Username: second, ConfirmationCode: code })),
      { name: 'AliasExistsException', status: 400, message: 'An account with the given email already exists.' },
    );
    await idp.send(new ConfirmSignUpCommand({ ClientId: aliasApp.clientId, Username: second, ConfirmationCode: code, ForceAliasCreation: true }));
    const { AuthenticationResult } = await passwordSignIn(first.email, PASSWORD, aliasApp);
    assert.equal(decodeJwt(AuthenticationResult.AccessToken).payload.username, second, 'the email now signs in the second user');
    // The first user keeps the address, unverified, and still signs in with the username.
    const { AuthenticationResult: firstTokens } = await passwordSignIn(first.username, PASSWORD, aliasApp);
    const attributes = Object.fromEntries((await getUser(firstTokens.AccessToken)).UserAttributes.map((a) => [a.Name, a.Value]));
    assert.equal(attributes.email, first.email);
    assert.equal(attributes.email_verified, 'false');
  });

  test('wrong password and unknown user both answer "Incorrect username or password."', async () => {
    const { username } = await signUpConfirmed(idp, server.url, app);
    await expectServiceError(passwordSignIn(username, 'Wrong-Password-1'), {
      name: 'NotAuthorizedException', type: NotAuthorizedException, status: 403, message: INCORRECT,
    });
    await expectServiceError(passwordSignIn(uniqueName('nobody')), {
      name: 'NotAuthorizedException', type: NotAuthorizedException, status: 403, message: INCORRECT,
    });
    // The username matches without regard to case (pools created through the API are case-insensitive).
    assert.ok((await passwordSignIn(username.toUpperCase())).AuthenticationResult.IdToken);
  });

  test('five wrong passwords lock the user out: then even the right one is "Password attempts exceeded"', async () => {
    const { username } = await signUpConfirmed(idp, server.url, app);
    // A right password in between starts the count again.
    await expectServiceError(passwordSignIn(username, 'Wrong-Password-1'), { name: 'NotAuthorizedException', message: INCORRECT });
    assert.ok((await passwordSignIn(username)).AuthenticationResult);
    for (let attempt = 1; attempt <= 5; attempt++) {
      await expectServiceError(passwordSignIn(username, `Wrong-Password-${attempt}`), {
        name: 'NotAuthorizedException', type: NotAuthorizedException, message: INCORRECT,
      });
    }
    for (const password of ['Wrong-Password-6', PASSWORD]) {
      await expectServiceError(passwordSignIn(username, password), {
        name: 'NotAuthorizedException', type: NotAuthorizedException, status: 403, message: 'Password attempts exceeded',
      });
    }
  });

  test('InitiateAuth with an unknown client id is ResourceNotFoundException', async () => {
    await expectServiceError(passwordSignIn('anyone', PASSWORD, { clientId: 'nosuchclient0000000000000' }), {
      name: 'ResourceNotFoundException', status: 404, message: 'User pool client nosuchclient0000000000000 does not exist.',
    });
  });

  test('AdminConfirmSignUp confirms without a code', async () => {
    const username = uniqueName('admin-confirm');
    await idp.send(new SignUpCommand({
      ClientId: app.clientId, Username: username, Password: PASSWORD,
      UserAttributes: [{ Name: 'email', Value: `${username}@example.com` }],
    }));
    await expectServiceError(passwordSignIn(username), { name: 'UserNotConfirmedException', type: UserNotConfirmedException });
    await idp.send(new AdminConfirmSignUpCommand({ UserPoolId: app.poolId, Username: username }));
    const { AuthenticationResult } = await passwordSignIn(username);
    assert.equal(decodeJwt(AuthenticationResult.IdToken).payload['cognito:username'], username);
  });

  test('USER_PASSWORD_AUTH on a client that does not allow it is InvalidParameterException', async () => {
    const srpOnly = await createPoolWithClient(idp, { appClient: { ExplicitAuthFlows: undefined } });
    await expectServiceError(passwordSignIn('anyone', PASSWORD, srpOnly), {
      name: 'InvalidParameterException', type: InvalidParameterException, status: 400,
      message: 'USER_PASSWORD_AUTH flow not enabled for this client',
    });
  });

  test('RevokeToken ends that sign-in: its refresh token and its access tokens stop working, others go on', async () => {
    const { username } = await signUpConfirmed(idp, server.url, app);
    const revoked = (await passwordSignIn(username)).AuthenticationResult;
    const kept = (await passwordSignIn(username)).AuthenticationResult;
    const refreshedBefore = (await refresh(revoked.RefreshToken)).AuthenticationResult;

    const response = await idp.send(new RevokeTokenCommand({ ClientId: app.clientId, Token: revoked.RefreshToken }));
    assert.equal(response.$metadata.httpStatusCode, 200);

    await expectServiceError(refresh(revoked.RefreshToken), { name: 'NotAuthorizedException', type: NotAuthorizedException, status: 403 });
    await expectServiceError(getUser(revoked.AccessToken), { name: 'NotAuthorizedException', type: NotAuthorizedException, status: 403 });
    await expectServiceError(getUser(refreshedBefore.AccessToken), { name: 'NotAuthorizedException', type: NotAuthorizedException });

    assert.equal((await getUser(kept.AccessToken)).Username, username);
    assert.ok((await refresh(kept.RefreshToken)).AuthenticationResult.AccessToken);
  });

  test('RevokeToken with an access token is refused; an unknown token is NotAuthorized', async () => {
    const { username } = await signUpConfirmed(idp, server.url, app);
    const { AccessToken } = (await passwordSignIn(username)).AuthenticationResult;
    await expectServiceError(idp.send(new RevokeTokenCommand({ ClientId: app.clientId, Token: AccessToken })), {
      name: 'UnsupportedTokenTypeException', status: 400,
    });
    await expectServiceError(idp.send(new RevokeTokenCommand({ ClientId: app.clientId, Token: 'not-a-refresh-token' })), {
      name: 'NotAuthorizedException', type: NotAuthorizedException,
    });
    // Only the client the token was issued to may revoke it.
    const { RefreshToken } = (await passwordSignIn(username)).AuthenticationResult;
    const other = await createPoolWithClient(idp);
    await expectServiceError(idp.send(new RevokeTokenCommand({ ClientId: other.clientId, Token: RefreshToken })), {
      name: 'NotAuthorizedException', type: NotAuthorizedException,
    });
    assert.ok((await refresh(RefreshToken)).AuthenticationResult.AccessToken, 'still valid');
  });

  test('GlobalSignOut ends every sign-in of the user', async () => {
    const { username } = await signUpConfirmed(idp, server.url, app);
    const first = (await passwordSignIn(username)).AuthenticationResult;
    const second = (await passwordSignIn(username)).AuthenticationResult;

    const response = await idp.send(new GlobalSignOutCommand({ AccessToken: first.AccessToken }));
    assert.equal(response.$metadata.httpStatusCode, 200);

    for (const session of [first, second]) {
      await expectServiceError(getUser(session.AccessToken), { name: 'NotAuthorizedException', type: NotAuthorizedException, status: 403 });
      await expectServiceError(refresh(session.RefreshToken), { name: 'NotAuthorizedException', type: NotAuthorizedException, status: 403 });
    }
    await expectServiceError(idp.send(new GlobalSignOutCommand({ AccessToken: first.AccessToken })), {
      name: 'NotAuthorizedException', type: NotAuthorizedException,
    });
    // Signing in again starts a new, working session.
    const fresh = (await passwordSignIn(username)).AuthenticationResult;
    assert.equal((await getUser(fresh.AccessToken)).Username, username);
  });

  test('AdminUserGlobalSignOut ends every sign-in of the user', async () => {
    const { username } = await signUpConfirmed(idp, server.url, app);
    const session = (await passwordSignIn(username)).AuthenticationResult;
    await idp.send(new AdminUserGlobalSignOutCommand({ UserPoolId: app.poolId, Username: username }));
    await expectServiceError(getUser(session.AccessToken), { name: 'NotAuthorizedException', type: NotAuthorizedException });
    await expectServiceError(refresh(session.RefreshToken), { name: 'NotAuthorizedException', type: NotAuthorizedException });
  });

  test('GetUser with a tampered or foreign access token is NotAuthorized', async () => {
    const { username } = await signUpConfirmed(idp, server.url, app);
    const { AccessToken, IdToken } = (await passwordSignIn(username)).AuthenticationResult;
    const [header, payload, signature] = AccessToken.split('.');
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
    const forged = [header, Buffer.from(JSON.stringify({ ...claims, username: 'admin' })).toString('base64url'), signature].join('.');
    for (const token of [forged, IdToken, 'garbage']) {
      await expectServiceError(getUser(token), { name: 'NotAuthorizedException', type: NotAuthorizedException, status: 403 });
    }
  });

  test('a refresh token only works with the client it was issued to', async () => {
    const { username } = await signUpConfirmed(idp, server.url, app);
    const { RefreshToken } = (await passwordSignIn(username)).AuthenticationResult;
    const other = await createPoolWithClient(idp);
    await expectServiceError(refresh(RefreshToken, other), {
      name: 'NotAuthorizedException', type: NotAuthorizedException, message: 'Invalid Refresh Token',
    });
    await expectServiceError(refresh('not-a-refresh-token'), {
      name: 'NotAuthorizedException', type: NotAuthorizedException, message: 'Invalid Refresh Token',
    });
  });

  describe('AdminInitiateAuth', () => {
    const adminAuth = (AuthFlow, AuthParameters, target = app) =>
      idp.send(new AdminInitiateAuthCommand({ UserPoolId: target.poolId, ClientId: target.clientId, AuthFlow, AuthParameters }));

    test('ADMIN_USER_PASSWORD_AUTH signs in; REFRESH_TOKEN_AUTH refreshes', async () => {
      const { username, sub } = await signUpConfirmed(idp, server.url, app);
      const { AuthenticationResult: result } = await adminAuth('ADMIN_USER_PASSWORD_AUTH', { USERNAME: username, PASSWORD });
      assert.equal(result.TokenType, 'Bearer');
      assert.equal(decodeJwt(result.IdToken).payload.sub, sub);
      assert.equal((await getUser(result.AccessToken)).Username, username);

      const { AuthenticationResult: refreshed } = await adminAuth('REFRESH_TOKEN_AUTH', { REFRESH_TOKEN: result.RefreshToken });
      assert.equal(refreshed.RefreshToken, undefined);
      assert.equal(decodeJwt(refreshed.AccessToken).payload.origin_jti, decodeJwt(result.AccessToken).payload.origin_jti);
    });

    test('wrong password, unknown user and unconfirmed user fail as with InitiateAuth', async () => {
      const { username } = await signUpConfirmed(idp, server.url, app);
      await expectServiceError(adminAuth('ADMIN_USER_PASSWORD_AUTH', { USERNAME: username, PASSWORD: 'Wrong-Password-1' }), {
        name: 'NotAuthorizedException', type: NotAuthorizedException, message: INCORRECT,
      });
      await expectServiceError(adminAuth('ADMIN_USER_PASSWORD_AUTH', { USERNAME: uniqueName('nobody'), PASSWORD }), {
        name: 'NotAuthorizedException', type: NotAuthorizedException, message: INCORRECT,
      });
      const unconfirmed = uniqueName('admin-unconfirmed');
      await idp.send(new SignUpCommand({
        ClientId: app.clientId, Username: unconfirmed, Password: PASSWORD,
        UserAttributes: [{ Name: 'email', Value: `${unconfirmed}@example.com` }],
      }));
      await expectServiceError(adminAuth('ADMIN_USER_PASSWORD_AUTH', { USERNAME: unconfirmed, PASSWORD }), {
        name: 'UserNotConfirmedException', type: UserNotConfirmedException,
      });
    });

    test('ADMIN_USER_PASSWORD_AUTH on a client without the flow is InvalidParameterException', async () => {
      const userOnly = await createPoolWithClient(idp, {
        appClient: { ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'] },
      });
      await expectServiceError(adminAuth('ADMIN_USER_PASSWORD_AUTH', { USERNAME: 'anyone', PASSWORD }, userOnly), {
        name: 'InvalidParameterException', type: InvalidParameterException,
        message: 'ADMIN_USER_PASSWORD_AUTH flow not enabled for this client',
      });
    });
  });

  describe('a client with a secret', () => {
    let secretApp;
    before(async () => {
      secretApp = await createPoolWithClient(idp, { appClient: { GenerateSecret: true } });
      assert.ok(secretApp.clientSecret);
    });
    const hashFor = (username) => secretHash(username, secretApp.clientId, secretApp.clientSecret);

    test('SignUp without SECRET_HASH is refused; with it, the whole flow works', async () => {
      const username = uniqueName('secret');
      const signUp = (extra) => idp.send(new SignUpCommand({
        ClientId: secretApp.clientId, Username: username, Password: PASSWORD,
        UserAttributes: [{ Name: 'email', Value: `${username}@example.com` }], ...extra,
      }));
      await expectServiceError(signUp({}), {
        name: 'NotAuthorizedException', type: NotAuthorizedException, status: 403,
        message: `Client ${secretApp.clientId} is configured with secret but SECRET_HASH was not received`,
      });
      await expectServiceError(signUp({ SecretHash: secretHash(username, secretApp.clientId, 'not-the-secret') }), {
        name: 'NotAuthorizedException', type: NotAuthorizedException,
        message: `Unable to verify secret hash for client ${secretApp.clientId}`,
      });
      const { UserSub } = await signUp({ SecretHash: hashFor(username) });

      await idp.send(new ResendConfirmationCodeCommand({ ClientId: secretApp.clientId, Username: username, SecretHash: hashFor(username) }));
      const code = await latestCode(server.url, secretApp.poolId, username);
      await expectServiceError(
        idp.send(new ConfirmSignUpCommand({ ClientId: secretApp.clientId, Username: username, ConfirmationCode: code })),
        { name: 'NotAuthorizedException', type: NotAuthorizedException },
      );
      await idp.send(new ConfirmSignUpCommand({
        ClientId: secretApp.clientId, Username: username, ConfirmationCode: code, SecretHash: hashFor(username),
      }));

      await expectServiceError(passwordSignIn(username, PASSWORD, secretApp), {
        name: 'NotAuthorizedException', type: NotAuthorizedException,
        message: `Client ${secretApp.clientId} is configured with secret but SECRET_HASH was not received`,
      });
      await expectServiceError(passwordSignIn(username, PASSWORD, secretApp, { SECRET_HASH: hashFor('someone-else') }), {
        name: 'NotAuthorizedException', type: NotAuthorizedException,
        message: `Unable to verify secret hash for client ${secretApp.clientId}`,
      });
      const { AuthenticationResult: result } = await passwordSignIn(username, PASSWORD, secretApp, { SECRET_HASH: hashFor(username) });
      assert.equal((await getUser(result.AccessToken)).Username, username);

      // Refresh: SECRET_HASH over the username (what Cognito documents) or over the sub (what some SDKs send).
      await expectServiceError(refresh(result.RefreshToken, secretApp), {
        name: 'NotAuthorizedException', type: NotAuthorizedException,
        message: `Client ${secretApp.clientId} is configured with secret but SECRET_HASH was not received`,
      });
      for (const name of [username, UserSub]) {
        const { AuthenticationResult } = await refresh(result.RefreshToken, secretApp, { SECRET_HASH: hashFor(name) });
        assert.ok(AuthenticationResult.AccessToken);
      }

      // AdminInitiateAuth needs the SECRET_HASH too.
      const admin = (AuthParameters) => idp.send(new AdminInitiateAuthCommand({
        UserPoolId: secretApp.poolId, ClientId: secretApp.clientId, AuthFlow: 'ADMIN_USER_PASSWORD_AUTH', AuthParameters,
      }));
      await expectServiceError(admin({ USERNAME: username, PASSWORD }), { name: 'NotAuthorizedException', type: NotAuthorizedException });
      assert.ok((await admin({ USERNAME: username, PASSWORD, SECRET_HASH: hashFor(username) })).AuthenticationResult.IdToken);

      // RevokeToken needs the client secret.
      await expectServiceError(idp.send(new RevokeTokenCommand({ ClientId: secretApp.clientId, Token: result.RefreshToken })), {
        name: 'UnauthorizedException', status: 401,
      });
      await idp.send(new RevokeTokenCommand({
        ClientId: secretApp.clientId, ClientSecret: secretApp.clientSecret, Token: result.RefreshToken,
      }));
      await expectServiceError(refresh(result.RefreshToken, secretApp, { SECRET_HASH: hashFor(username) }), {
        name: 'NotAuthorizedException', type: NotAuthorizedException,
      });
    });
  });
});
