// Lambda triggers as apps use them, with their functions as webhooks served by a small node http server in this test
// (--CognitoLite:Lambda:Functions:<name> <url>): a CUSTOM_AUTH sign-in with amazon-cognito-identity-js (SRP first, as
// the library does it, then a custom challenge answered through the customChallenge callback), and a user migration
// sign-in with the JS SDK v3 (USER_PASSWORD_AUTH of a user who exists only in the migration function's old store).
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { after, before, describe, test } from 'node:test';
import identity from 'amazon-cognito-identity-js';
import {
  AdminConfirmSignUpCommand,
  AdminGetUserCommand,
  InitiateAuthCommand,
  SignUpCommand,
  UserLambdaValidationException,
} from '@aws-sdk/client-cognito-identity-provider';
import { startServer } from '../support/server.js';
import { expectServiceError, idpClient } from '../support/aws.js';
import { createPoolWithClient, decodeJwt, FAST_HASHING, PASSWORD, uniqueName } from '../support/users.js';

const { AuthenticationDetails, CognitoUser, CognitoUserPool } = identity;

const arn = (name) => `arn:aws:lambda:us-east-1:000000000000:function:${name}`;

/** The old user store the migration function knows. */
const LEGACY_USERS = { 'legacy-ann': { password: 'Old-Passw0rd!', email: 'ann@legacy.example.com' } };

/**
 * The trigger functions, as a team writes them for Lambda: each takes the event and returns it with its response
 * filled, or throws to refuse. `calls` keeps every event, by function.
 */
const calls = { define: [], create: [], verify: [], migrate: [] };
const functions = {
  // SRP first, then custom challenges until one is answered right; three wrong answers end the sign-in.
  define: (event) => {
    const { session } = event.request;
    const last = session.at(-1);
    if (session.length === 1 && last.challengeName === 'SRP_A') event.response.challengeName = 'PASSWORD_VERIFIER';
    else if (last?.challengeName === 'CUSTOM_CHALLENGE' && last.challengeResult) event.response.issueTokens = true;
    else if (session.filter((s) => s.challengeName === 'CUSTOM_CHALLENGE').length >= 3) event.response.failAuthentication = true;
    else event.response.challengeName = 'CUSTOM_CHALLENGE';
    return event;
  },
  create: (event) => {
    event.response.publicChallengeParameters = { question: 'What is 6 times 7?' };
    event.response.privateChallengeParameters = { answer: '42' };
    event.response.challengeMetadata = `QUESTION-${event.request.session.length}`;
    return event;
  },
  verify: (event) => {
    event.response.answerCorrect = event.request.challengeAnswer === event.request.privateChallengeParameters.answer;
    return event;
  },
  migrate: (event) => {
    const known = LEGACY_USERS[event.userName];
    if (!known || known.password !== event.request.password) throw new Error('Bad password');
    event.response.userAttributes = { email: known.email, email_verified: 'true' };
    event.response.finalUserStatus = 'CONFIRMED';
    event.response.messageAction = 'SUPPRESS';
    return event;
  },
};

/** Serves every function at /<name>: POST of the event, 200 with the returned event, or 400 with errorMessage. */
async function startFunctions() {
  const server = createServer(async (request, response) => {
    let body = '';
    for await (const chunk of request) body += chunk;
    const name = request.url.slice(1);
    const event = JSON.parse(body);
    calls[name].push(structuredClone(event));
    try {
      const answer = functions[name](event);
      response.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify(answer));
    } catch (error) {
      response.writeHead(400, { 'Content-Type': 'application/json' }).end(JSON.stringify({ errorMessage: error.message, errorType: 'Error' }));
    }
  });
  await new Promise((listening) => server.listen(0, '127.0.0.1', listening));
  return server;
}

describe('Lambda triggers through webhooks', () => {
  let functionServer;
  let server;
  let idp;
  before(async () => {
    functionServer = await startFunctions();
    const base = `http://127.0.0.1:${functionServer.address().port}`;
    server = await startServer({
      env: FAST_HASHING,
      args: Object.keys(functions).flatMap((name) => [`--CognitoLite:Lambda:Functions:${name}`, `${base}/${name}`]),
    });
    idp = idpClient(server.url);
  });
  after(async () => {
    idp?.destroy();
    await server?.stop();
    await new Promise((closed) => (functionServer ? functionServer.close(closed) : closed()));
  });

  test('amazon-cognito-identity-js: CUSTOM_AUTH with SRP first, a wrong answer, then the right one', async () => {
    const app = await createPoolWithClient(idp, {
      pool: { LambdaConfig: { DefineAuthChallenge: arn('define'), CreateAuthChallenge: arn('create'), VerifyAuthChallengeResponse: arn('verify') } },
      appClient: { ExplicitAuthFlows: ['ALLOW_CUSTOM_AUTH', 'ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'] },
    });
    const username = uniqueName('custom');
    await idp.send(new SignUpCommand({ ClientId: app.clientId, Username: username, Password: PASSWORD }));
    await idp.send(new AdminConfirmSignUpCommand({ UserPoolId: app.poolId, Username: username }));

    const pool = new CognitoUserPool({ UserPoolId: app.poolId, ClientId: app.clientId, endpoint: `${server.url}/` });
    const user = new CognitoUser({ Username: username, Pool: pool });
    user.setAuthenticationFlowType('CUSTOM_AUTH');
    const questions = [];
    const answers = ['41', '42'];
    const session = await new Promise((resolve, reject) => {
      user.authenticateUser(new AuthenticationDetails({ Username: username, Password: PASSWORD }), {
        onSuccess: resolve,
        onFailure: reject,
        customChallenge(parameters) {
          questions.push(parameters.question);
          user.sendCustomChallengeAnswer(answers.shift(), this);
        },
      });
    });

    assert.equal(session.isValid(), true);
    assert.equal(session.getIdToken().decodePayload()['cognito:username'], username);
    assert.deepEqual(questions, ['What is 6 times 7?', 'What is 6 times 7?']);
    assert.deepEqual(calls.define.map((e) => e.request.session.map((s) => `${s.challengeName}:${s.challengeResult}`)), [
      ['SRP_A:true'],
      ['SRP_A:true', 'PASSWORD_VERIFIER:true'],
      ['SRP_A:true', 'PASSWORD_VERIFIER:true', 'CUSTOM_CHALLENGE:false'],
      ['SRP_A:true', 'PASSWORD_VERIFIER:true', 'CUSTOM_CHALLENGE:false', 'CUSTOM_CHALLENGE:true'],
    ]);
    assert.deepEqual(calls.create.map((e) => e.response), [
      { publicChallengeParameters: {}, privateChallengeParameters: {}, challengeMetadata: null },
      { publicChallengeParameters: {}, privateChallengeParameters: {}, challengeMetadata: null },
    ]);
    assert.deepEqual(calls.verify.map((e) => [e.request.challengeAnswer, e.request.privateChallengeParameters.answer]), [['41', '42'], ['42', '42']]);
    assert.deepEqual(calls.define.at(-1).request.session.at(-1), { challengeName: 'CUSTOM_CHALLENGE', challengeResult: true, challengeMetadata: 'QUESTION-3' });
  });

  test('JS SDK v3: USER_PASSWORD_AUTH migrates a user from the old store and refuses a wrong password', async () => {
    const app = await createPoolWithClient(idp, { pool: { LambdaConfig: { UserMigration: arn('migrate') } } });

    const { AuthenticationResult } = await idp.send(new InitiateAuthCommand({
      ClientId: app.clientId,
      AuthFlow: 'USER_PASSWORD_AUTH',
      AuthParameters: { USERNAME: 'legacy-ann', PASSWORD: 'Old-Passw0rd!' },
      ClientMetadata: { app: 'compat' },
    }));

    const { payload } = decodeJwt(AuthenticationResult.IdToken);
    assert.equal(payload['cognito:username'], 'legacy-ann');
    assert.equal(payload.email, 'ann@legacy.example.com');
    const migration = calls.migrate.at(-1);
    assert.equal(migration.triggerSource, 'UserMigration_Authentication');
    assert.deepEqual(migration.request, { password: 'Old-Passw0rd!', validationData: { app: 'compat' } });
    // The SDK's User-Agent (`aws-sdk-js/3.x.y …`) names it to the function, as Cognito does.
    assert.match(migration.callerContext.awsSdkVersion, /^aws-sdk-js-3\.\d+\.\d+$/);
    const user = await idp.send(new AdminGetUserCommand({ UserPoolId: app.poolId, Username: 'legacy-ann' }));
    assert.equal(user.UserStatus, 'CONFIRMED');

    await expectServiceError(idp.send(new InitiateAuthCommand({
      ClientId: app.clientId,
      AuthFlow: 'USER_PASSWORD_AUTH',
      AuthParameters: { USERNAME: 'legacy-bob', PASSWORD: 'Whatever-1!' },
    })), { name: 'UserLambdaValidationException', type: UserLambdaValidationException, message: 'UserMigration failed with error Bad password.' });
  });
});
