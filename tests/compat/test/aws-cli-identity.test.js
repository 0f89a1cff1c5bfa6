// Identity pools and STS through the AWS CLI (botocore underneath): create-identity-pool, get-id,
// get-credentials-for-identity, then `aws sts get-caller-identity` with the issued credentials in the environment,
// and the basic flow with `aws sts assume-role-with-web-identity`.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { aws, AWS, assertCliTime } from '../support/cli.js';
import { startServer } from '../support/server.js';
import { idpClient, REGION } from '../support/aws.js';
import { createPoolWithClient, FAST_HASHING, signedInUser, tamperPayload } from '../support/users.js';

const ACCOUNT = '000000000000';
const AUTH_ROLE = `arn:aws:iam::${ACCOUNT}:role/Authenticated`;
const GUEST_ROLE = `arn:aws:iam::${ACCOUNT}:role/Guest`;
const IDENTITY_ID = /^us-east-1:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe('AWS CLI identity pools and STS', () => {
  let server;
  let providerName;
  let clientId;
  let idToken;

  /** `aws <service> <command> ...` against the server; returns the parsed JSON output. */
  async function cli(service, command, args, env) {
    const run = await aws([service, command, ...args, '--endpoint-url', server.url, '--region', REGION, '--output', 'json'], env);
    assert.equal(run.status, 0, `aws ${service} ${command} failed:\n${run.stderr}`);
    return JSON.parse(run.stdout);
  }

  /** The issued credentials as a shell would export them. */
  const asEnvironment = ({ AccessKeyId, SecretKey, SecretAccessKey, SessionToken }) => ({
    AWS_ACCESS_KEY_ID: AccessKeyId,
    AWS_SECRET_ACCESS_KEY: SecretKey ?? SecretAccessKey,
    AWS_SESSION_TOKEN: SessionToken,
  });

  // Set-up goes through the JS SDK: each CLI run costs seconds of Python start-up, so the CLI runs only what is checked.
  before(async () => {
    assert.ok(existsSync(AWS), `${AWS} is missing: apt-get install -y awscli (test.sh does this)`);
    server = await startServer({ env: FAST_HASHING });
    const idp = idpClient(server.url);
    const app = await createPoolWithClient(idp, { poolName: 'compat-cli-identity' });
    providerName = `cognito-idp.${REGION}.amazonaws.com/${app.poolId}`;
    clientId = app.clientId;
    idToken = (await signedInUser(idp, server.url, app)).tokens.IdToken;
    idp.destroy();
  });
  after(async () => {
    await server?.stop();
  });

  /** create-identity-pool and set-identity-pool-roles through the CLI; returns the pool id. */
  async function createIdentityPool(name) {
    const created = await cli('cognito-identity', 'create-identity-pool', ['--identity-pool-name', name,
      '--allow-unauthenticated-identities',
      '--cognito-identity-providers', `ProviderName=${providerName},ClientId=${clientId},ServerSideTokenCheck=false`]);
    assert.match(created.IdentityPoolId, IDENTITY_ID);
    assert.equal(created.IdentityPoolName, name);
    assert.equal(created.AllowUnauthenticatedIdentities, true);
    assert.deepEqual(created.CognitoIdentityProviders, [{ ProviderName: providerName, ClientId: clientId, ServerSideTokenCheck: false }]);
    const roles = await aws(['cognito-identity', 'set-identity-pool-roles', '--identity-pool-id', created.IdentityPoolId,
      '--roles', `authenticated=${AUTH_ROLE},unauthenticated=${GUEST_ROLE}`, '--endpoint-url', server.url, '--region', REGION]);
    assert.equal(roles.status, 0, roles.stderr);
    return created.IdentityPoolId;
  }

  test('get-id and get-credentials-for-identity, then sts get-caller-identity with the credentials in the environment', async () => {
    const identityPoolId = await createIdentityPool('cli-credentials');
    const logins = ['--logins', `${providerName}=${idToken}`];

    const { IdentityId } = await cli('cognito-identity', 'get-id', ['--identity-pool-id', identityPoolId, ...logins]);
    assert.match(IdentityId, IDENTITY_ID);
    const issued = await cli('cognito-identity', 'get-credentials-for-identity', ['--identity-id', IdentityId, ...logins]);
    assert.equal(issued.IdentityId, IdentityId);
    assert.match(issued.Credentials.AccessKeyId, /^ASIA[A-Z2-7]{16}$/);
    assert.equal(issued.Credentials.SecretKey.length, 40);
    // botocore turns epoch seconds into timestamps it prints as ISO-8601 text.
    assertCliTime(issued.Credentials.Expiration);

    const caller = await cli('sts', 'get-caller-identity', [], asEnvironment(issued.Credentials));
    assert.equal(caller.Arn, `arn:aws:sts::${ACCOUNT}:assumed-role/Authenticated/CognitoIdentityCredentials`);
    assert.equal(caller.Account, ACCOUNT);
    assert.match(caller.UserId, /^AROA[A-Z0-9]+:CognitoIdentityCredentials$/);

    const wrongSecret = await aws(['sts', 'get-caller-identity', '--endpoint-url', server.url, '--region', REGION],
      { ...asEnvironment(issued.Credentials), AWS_SECRET_ACCESS_KEY: 'not-the-secret-key-that-was-issued-00000' });
    assert.notEqual(wrongSecret.status, 0);
    assert.match(wrongSecret.stderr, /An error occurred \(SignatureDoesNotMatch\) when calling the GetCallerIdentity operation/);
  });

  test('get-open-id-token, then assume-role-with-web-identity with no credentials configured', async () => {
    const identityPoolId = await createIdentityPool('cli-basic-flow');
    const guest = await cli('cognito-identity', 'get-id', ['--identity-pool-id', identityPoolId]);
    const { Token, IdentityId } = await cli('cognito-identity', 'get-open-id-token', ['--identity-id', guest.IdentityId]);
    assert.equal(IdentityId, guest.IdentityId);

    // The call is unsigned in botocore, so it works on a machine with no credentials at all.
    const assumed = await cli('sts', 'assume-role-with-web-identity', ['--role-arn', GUEST_ROLE, '--role-session-name', 'cli',
      '--web-identity-token', Token], { AWS_ACCESS_KEY_ID: undefined, AWS_SECRET_ACCESS_KEY: undefined });
    assert.equal(assumed.SubjectFromWebIdentityToken, guest.IdentityId);
    assert.equal(assumed.Audience, identityPoolId);
    assert.equal(assumed.AssumedRoleUser.Arn, `arn:aws:sts::${ACCOUNT}:assumed-role/Guest/cli`);
    assert.match(assumed.Credentials.AccessKeyId, /^ASIA[A-Z2-7]{16}$/);
    assertCliTime(assumed.Credentials.Expiration);

    const caller = await cli('sts', 'get-caller-identity', [], asEnvironment(assumed.Credentials));
    assert.equal(caller.Arn, `arn:aws:sts::${ACCOUNT}:assumed-role/Guest/cli`);
    assert.equal(caller.UserId, assumed.AssumedRoleUser.AssumedRoleId);

    const tampered = await aws(['sts', 'assume-role-with-web-identity', '--role-arn', GUEST_ROLE, '--role-session-name', 'cli',
      '--web-identity-token', tamperPayload(Token, { sub: `${REGION}:00000000-0000-4000-8000-000000000000` }), '--endpoint-url', server.url, '--region', REGION]);
    assert.notEqual(tampered.status, 0);
    assert.match(tampered.stderr, /An error occurred \(InvalidIdentityToken\) when calling the AssumeRoleWithWebIdentity operation/);
  });
});
