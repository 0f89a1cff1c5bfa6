// STS and policy decisions through unmodified clients: fromCognitoIdentityPool's credentials signing
// @aws-sdk/client-sts calls, the basic flow (GetId, GetOpenIdToken, AssumeRoleWithWebIdentity), the errors the SDK
// surfaces, and POST /_policy/decide signed with @smithy/signature-v4 exactly as the README shows.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { Sha256 } from '@aws-crypto/sha256-js';
import {
  CognitoIdentityClient,
  CreateIdentityPoolCommand,
  GetIdCommand,
  GetOpenIdTokenCommand,
  SetIdentityPoolRolesCommand,
} from '@aws-sdk/client-cognito-identity';
import {
  AssumeRoleWithWebIdentityCommand,
  ExpiredTokenException,
  GetCallerIdentityCommand,
  InvalidIdentityTokenException,
  STSClient,
} from '@aws-sdk/client-sts';
import { fromCognitoIdentityPool } from '@aws-sdk/credential-providers';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { startServer } from '../support/server.js';
import { DUMMY_CREDENTIALS, expectServiceError, idpClient, REGION } from '../support/aws.js';
import { createPoolWithClient, FAST_HASHING, signedInUser, tamperPayload } from '../support/users.js';

const ACCOUNT = '000000000000';
const NOTES_ROLE = `arn:aws:iam::${ACCOUNT}:role/NotesUser`;
const NOTES_TABLE = `arn:aws:dynamodb:us-east-1:${ACCOUNT}:table/Notes`;
const PARTNER_ISSUER = 'https://partner.example.com';
const IDENTITY_ID = /^us-east-1:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

// The README's DynamoDB per-identity policy, kept in a file beside the seed file (so it is named "notes-user").
const NOTES_POLICY = {
  Version: '2012-10-17',
  Statement: [{
    Sid: 'OwnNotes',
    Effect: 'Allow',
    Action: ['dynamodb:GetItem', 'dynamodb:Query'],
    Resource: NOTES_TABLE,
    Condition: { 'ForAllValues:StringEquals': { 'dynamodb:LeadingKeys': ['${cognito-identity.amazonaws.com:sub}'] } },
  }],
};

describe('STS and policy decisions', () => {
  let server;
  let folder; // seed file, policy file and the partner's JWKS
  let partnerKey; // signs the configured OIDC provider's ID tokens
  let idp;
  let identity;
  let identityPoolId;
  let providerName;
  let alice; // { idToken, identityId } of a signed-in user
  let bob;

  /** Signs a user up and in through the app client; returns the ID token. */
  async function signIn(app) {
    return (await signedInUser(idp, server.url, app)).tokens.IdToken;
  }

  /** An STS client as an app configures it; only `endpoint` differs from AWS. */
  const sts = (credentials) => new STSClient({ region: REGION, endpoint: server.url, credentials });

  /** The user's credentials from the identity pool, as an app gets them. */
  const poolCredentials = (user) => fromCognitoIdentityPool({
    identityPoolId,
    logins: { [providerName]: user.idToken },
    clientConfig: { region: REGION, endpoint: server.url },
  });

  before(async () => {
    folder = mkdtempSync(join(tmpdir(), 'cognitolite-sts-'));
    const { privateKey, publicKey } = await generateKeyPair('RS256');
    partnerKey = privateKey;
    writeFileSync(join(folder, 'partner-jwks.json'), JSON.stringify({ keys: [{ ...(await exportJWK(publicKey)), kid: 'partner-1', alg: 'RS256', use: 'sig' }] }));
    writeFileSync(join(folder, 'notes-user.json'), JSON.stringify(NOTES_POLICY));
    writeFileSync(join(folder, 'seed.json'), JSON.stringify({ Roles: [{ RoleArn: NOTES_ROLE, Policies: ['notes-user.json'] }] }));
    server = await startServer({
      env: FAST_HASHING,
      args: [
        '--seed', join(folder, 'seed.json'),
        '--CognitoLite:OidcProviders:0:Issuer', PARTNER_ISSUER,
        '--CognitoLite:OidcProviders:0:JwksFile', join(folder, 'partner-jwks.json'),
      ],
    });

    idp = idpClient(server.url);
    identity = new CognitoIdentityClient({ region: REGION, endpoint: server.url, credentials: DUMMY_CREDENTIALS });
    const app = await createPoolWithClient(idp, { poolName: 'compat-sts' });
    providerName = `cognito-idp.${REGION}.amazonaws.com/${app.poolId}`;
    ({ IdentityPoolId: identityPoolId } = await identity.send(new CreateIdentityPoolCommand({
      IdentityPoolName: 'notes',
      AllowUnauthenticatedIdentities: false,
      CognitoIdentityProviders: [{ ProviderName: providerName, ClientId: app.clientId }],
    })));
    await identity.send(new SetIdentityPoolRolesCommand({ IdentityPoolId: identityPoolId, Roles: { authenticated: NOTES_ROLE } }));

    alice = { idToken: await signIn(app) };
    bob = { idToken: await signIn(app) };
    for (const user of [alice, bob]) {
      ({ IdentityId: user.identityId } = await identity.send(new GetIdCommand({
        IdentityPoolId: identityPoolId, Logins: { [providerName]: user.idToken },
      })));
    }
  });
  after(async () => {
    idp?.destroy();
    identity?.destroy();
    await server?.stop();
    if (folder) rmSync(folder, { recursive: true, force: true });
  });

  test('GetCallerIdentity signed with fromCognitoIdentityPool credentials names the assumed role', async () => {
    const client = sts(poolCredentials(alice));
    const caller = await client.send(new GetCallerIdentityCommand({}));
    client.destroy();

    assert.equal(caller.Arn, `arn:aws:sts::${ACCOUNT}:assumed-role/NotesUser/CognitoIdentityCredentials`);
    assert.equal(caller.Account, ACCOUNT);
    assert.match(caller.UserId, /^AROA[A-Z0-9]+:CognitoIdentityCredentials$/);
  });

  test('basic flow: GetOpenIdToken, then an unsigned AssumeRoleWithWebIdentity, then GetCallerIdentity', async () => {
    const { Token } = await identity.send(new GetOpenIdTokenCommand({
      IdentityId: alice.identityId, Logins: { [providerName]: alice.idToken },
    }));

    // No credentials at all: the SDK must not even ask for them, and the request it sends carries no signature.
    const anonymous = sts(async () => { throw new Error('AssumeRoleWithWebIdentity asked for credentials'); });
    let sent;
    anonymous.middlewareStack.add((next) => async (args) => {
      sent = args.request;
      return next(args);
    }, { step: 'deserialize', name: 'captureSentRequest' });
    const assumed = await anonymous.send(new AssumeRoleWithWebIdentityCommand({
      RoleArn: NOTES_ROLE, RoleSessionName: 'notes-app', WebIdentityToken: Token,
    }));
    anonymous.destroy();
    const headers = Object.keys(sent.headers).map((name) => name.toLowerCase());
    assert.ok(!headers.includes('authorization'), `unsigned request, headers: ${headers}`);
    assert.ok(!headers.includes('x-amz-security-token'));

    assert.equal(assumed.SubjectFromWebIdentityToken, alice.identityId);
    assert.equal(assumed.Audience, identityPoolId);
    assert.equal(assumed.Provider, 'cognito-identity.amazonaws.com');
    assert.equal(assumed.AssumedRoleUser.Arn, `arn:aws:sts::${ACCOUNT}:assumed-role/NotesUser/notes-app`);
    const { AccessKeyId, SecretAccessKey, SessionToken, Expiration } = assumed.Credentials;
    assert.match(AccessKeyId, /^ASIA[A-Z2-7]{16}$/);
    assert.ok(Expiration instanceof Date && Math.abs(Expiration.getTime() - Date.now() - 3600_000) < 120_000, 'expires in an hour');

    const signed = sts({ accessKeyId: AccessKeyId, secretAccessKey: SecretAccessKey, sessionToken: SessionToken });
    const caller = await signed.send(new GetCallerIdentityCommand({}));
    signed.destroy();
    assert.equal(caller.Arn, `arn:aws:sts::${ACCOUNT}:assumed-role/NotesUser/notes-app`);
    assert.equal(caller.UserId, assumed.AssumedRoleUser.AssumedRoleId);
  });

  test('a tampered web identity token is InvalidIdentityTokenException', async () => {
    const { Token } = await identity.send(new GetOpenIdTokenCommand({
      IdentityId: alice.identityId, Logins: { [providerName]: alice.idToken },
    }));
    const tampered = tamperPayload(Token, { sub: bob.identityId });

    const client = sts(DUMMY_CREDENTIALS);
    await expectServiceError(client.send(new AssumeRoleWithWebIdentityCommand({
      RoleArn: NOTES_ROLE, RoleSessionName: 'notes-app', WebIdentityToken: tampered,
    })), { name: 'InvalidIdentityTokenException', type: InvalidIdentityTokenException, status: 400 });
    client.destroy();
  });

  test('an expired ID token of a configured OIDC provider is ExpiredTokenException', async () => {
    // Made already expired (signed by the provider's key, so only the expiry is wrong): no waiting needed.
    const now = Math.floor(Date.now() / 1000);
    const expired = await new SignJWT({})
      .setProtectedHeader({ alg: 'RS256', kid: 'partner-1' })
      .setIssuer(PARTNER_ISSUER).setSubject('partner-user-7').setAudience('partner-app')
      .setIssuedAt(now - 7200).setExpirationTime(now - 3600)
      .sign(partnerKey);
    const fresh = await new SignJWT({})
      .setProtectedHeader({ alg: 'RS256', kid: 'partner-1' })
      .setIssuer(PARTNER_ISSUER).setSubject('partner-user-7').setAudience('partner-app')
      .setIssuedAt(now).setExpirationTime(now + 3600)
      .sign(partnerKey);

    const client = sts(DUMMY_CREDENTIALS);
    await expectServiceError(client.send(new AssumeRoleWithWebIdentityCommand({
      RoleArn: NOTES_ROLE, RoleSessionName: 'partner', WebIdentityToken: expired,
    })), { name: 'ExpiredTokenException', type: ExpiredTokenException, status: 400 });
    // The same token but unexpired is accepted: the expiry was the only fault.
    const assumed = await client.send(new AssumeRoleWithWebIdentityCommand({
      RoleArn: NOTES_ROLE, RoleSessionName: 'partner', WebIdentityToken: fresh,
    }));
    client.destroy();
    assert.equal(assumed.SubjectFromWebIdentityToken, 'partner-user-7');
    assert.equal(assumed.Provider, 'partner.example.com');
  });

  test('GetCallerIdentity with a wrong secret is SignatureDoesNotMatch, with an unknown key InvalidClientTokenId', async () => {
    const issued = await poolCredentials(alice)();

    const wrongSecret = sts({ ...issued, secretAccessKey: `${issued.secretAccessKey.slice(0, -1)}${issued.secretAccessKey.endsWith('A') ? 'B' : 'A'}` });
    await expectServiceError(wrongSecret.send(new GetCallerIdentityCommand({})), { name: 'SignatureDoesNotMatch', status: 403 });
    wrongSecret.destroy();

    const unknownKey = sts({ ...issued, accessKeyId: 'ASIAAAAAAAAAAAAAAAAA' });
    await expectServiceError(unknownKey.send(new GetCallerIdentityCommand({})), { name: 'InvalidClientTokenId', status: 403 });
    unknownKey.destroy();
  });

  test("the README's policy decision example: Allow for the identity's own partition, Deny for another's", async () => {
    const { hostname, port } = new URL(server.url);
    const notesTableArn = NOTES_TABLE;

    // As in the README ("Signing in JavaScript"), with the test server's host and port.
    async function decide(credentials, identityId) {
      const body = JSON.stringify({ Action: 'dynamodb:GetItem', Resource: notesTableArn,
                                    Context: { 'dynamodb:LeadingKeys': [identityId] } });
      const signer = new SignatureV4({ credentials, region: 'us-east-1', service: 'execute-api', sha256: Sha256 });
      const signed = await signer.sign(new HttpRequest({ method: 'POST', protocol: 'http:', hostname, port: Number(port),
        path: '/_policy/decide', headers: { host: `${hostname}:${port}`, 'content-type': 'application/json' }, body }));
      const response = await fetch(`${server.url}/_policy/decide`, { method: 'POST', headers: signed.headers, body });
      assert.equal(response.status, 200);
      return response.json();
    }

    const credentials = poolCredentials(alice);
    const { identityId } = await credentials();
    assert.equal(identityId, alice.identityId);
    assert.match(identityId, IDENTITY_ID);

    const own = await decide(credentials, identityId);
    assert.deepEqual(own, {
      Decision: 'Allow',
      Reason: 'Allow',
      MatchedStatement: { Policy: 'notes-user', Sid: 'OwnNotes', Index: 0 },
      Principal: {
        Arn: `arn:aws:sts::${ACCOUNT}:assumed-role/NotesUser/CognitoIdentityCredentials`,
        UserId: own.Principal.UserId,
        Subject: identityId,
        IdentityId: identityId,
      },
    });
    assert.match(own.Principal.UserId, /^AROA[A-Z0-9]+:CognitoIdentityCredentials$/);

    const others = await decide(credentials, bob.identityId);
    assert.equal(others.Decision, 'Deny');
    assert.equal(others.Reason, 'ImplicitDeny');
    assert.equal(others.MatchedStatement, undefined);
  });

  test('a policy decision signed with a wrong secret is InvalidSignatureException', async () => {
    const issued = await poolCredentials(alice)();
    const body = JSON.stringify({ Action: 'dynamodb:GetItem', Resource: NOTES_TABLE, Context: { 'dynamodb:LeadingKeys': [alice.identityId] } });
    const { hostname, port } = new URL(server.url);
    const signer = new SignatureV4({
      credentials: { ...issued, secretAccessKey: 'not-the-secret' }, region: 'us-east-1', service: 'execute-api', sha256: Sha256,
    });
    const signed = await signer.sign(new HttpRequest({ method: 'POST', protocol: 'http:', hostname, port: Number(port),
      path: '/_policy/decide', headers: { host: `${hostname}:${port}`, 'content-type': 'application/json' }, body }));

    const response = await fetch(`${server.url}/_policy/decide`, { method: 'POST', headers: signed.headers, body });
    assert.equal(response.status, 403);
    assert.equal((await response.json()).__type, 'InvalidSignatureException');
  });
});
