// Identity pools through @aws-sdk/client-cognito-identity and @aws-sdk/credential-providers' fromCognitoIdentityPool,
// unmodified, pointed at CognitoLite: admin calls, GetId / GetCredentialsForIdentity with a user-pool ID token, guests.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  CognitoIdentityClient,
  CreateIdentityPoolCommand,
  DeleteIdentityPoolCommand,
  DescribeIdentityCommand,
  DescribeIdentityPoolCommand,
  GetCredentialsForIdentityCommand,
  GetIdCommand,
  GetIdentityPoolRolesCommand,
  GetOpenIdTokenCommand,
  ListIdentitiesCommand,
  ListIdentityPoolsCommand,
  NotAuthorizedException,
  ResourceNotFoundException,
  SetIdentityPoolRolesCommand,
  UpdateIdentityPoolCommand,
} from '@aws-sdk/client-cognito-identity';
import { fromCognitoIdentityPool } from '@aws-sdk/credential-providers';
import { startServer } from '../support/server.js';
import { DUMMY_CREDENTIALS, expectServiceError, idpClient, REGION } from '../support/aws.js';
import { createPoolWithClient, decodeJwt, FAST_HASHING, signedInUser } from '../support/users.js';

const AUTH_ROLE = 'arn:aws:iam::000000000000:role/Authenticated';
const GUEST_ROLE = 'arn:aws:iam::000000000000:role/Guest';
const IDENTITY_ID = /^us-east-1:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe('identity pools', () => {
  let server;
  let idp;
  let identity;
  let app; // the user pool and its client
  let identityPoolId;
  let providerName;
  let idToken;

  before(async () => {
    server = await startServer({ env: FAST_HASHING });
    idp = idpClient(server.url);
    identity = new CognitoIdentityClient({ region: REGION, endpoint: server.url, credentials: DUMMY_CREDENTIALS });
    app = await createPoolWithClient(idp, { poolName: 'compat-identity' });
    providerName = `cognito-idp.${REGION}.amazonaws.com/${app.poolId}`;
    const created = await identity.send(new CreateIdentityPoolCommand({
      IdentityPoolName: 'compat',
      AllowUnauthenticatedIdentities: true,
      CognitoIdentityProviders: [{ ProviderName: providerName, ClientId: app.clientId, ServerSideTokenCheck: false }],
    }));
    identityPoolId = created.IdentityPoolId;
    await identity.send(new SetIdentityPoolRolesCommand({
      IdentityPoolId: identityPoolId,
      Roles: { authenticated: AUTH_ROLE, unauthenticated: GUEST_ROLE },
    }));
    idToken = (await signedInUser(idp, server.url, app)).tokens.IdToken;
  });
  after(async () => {
    idp?.destroy();
    identity?.destroy();
    await server?.stop();
  });

  test('admin calls: describe, update, list, roles', async () => {
    const described = await identity.send(new DescribeIdentityPoolCommand({ IdentityPoolId: identityPoolId }));
    assert.equal(described.IdentityPoolName, 'compat');
    assert.equal(described.AllowUnauthenticatedIdentities, true);
    assert.deepEqual(described.CognitoIdentityProviders, [{ ProviderName: providerName, ClientId: app.clientId, ServerSideTokenCheck: false }]);

    const listed = await identity.send(new ListIdentityPoolsCommand({ MaxResults: 60 }));
    assert.ok(listed.IdentityPools.some((p) => p.IdentityPoolId === identityPoolId && p.IdentityPoolName === 'compat'));

    const roles = await identity.send(new GetIdentityPoolRolesCommand({ IdentityPoolId: identityPoolId }));
    assert.deepEqual(roles.Roles, { authenticated: AUTH_ROLE, unauthenticated: GUEST_ROLE });

    const { IdentityPoolId: scratch } = await identity.send(new CreateIdentityPoolCommand({ IdentityPoolName: 'scratch', AllowUnauthenticatedIdentities: false }));
    const updated = await identity.send(new UpdateIdentityPoolCommand({ IdentityPoolId: scratch, IdentityPoolName: 'renamed', AllowUnauthenticatedIdentities: true }));
    assert.equal(updated.IdentityPoolName, 'renamed');
    await identity.send(new DeleteIdentityPoolCommand({ IdentityPoolId: scratch }));
    await expectServiceError(identity.send(new DescribeIdentityPoolCommand({ IdentityPoolId: scratch })),
      { name: 'ResourceNotFoundException', type: ResourceNotFoundException, status: 404 });
  });

  test('GetId and GetCredentialsForIdentity with a user-pool ID token', async () => {
    const Logins = { [providerName]: idToken };
    const { IdentityId } = await identity.send(new GetIdCommand({ IdentityPoolId: identityPoolId, Logins }));
    assert.match(IdentityId, IDENTITY_ID);

    const { Credentials, IdentityId: same } = await identity.send(new GetCredentialsForIdentityCommand({ IdentityId, Logins }));
    assert.equal(same, IdentityId);
    assert.match(Credentials.AccessKeyId, /^ASIA[A-Z2-7]{16}$/);
    assert.equal(Credentials.SecretKey.length, 40);
    assert.ok(Credentials.SessionToken.length > 0);
    assert.ok(Credentials.Expiration instanceof Date, 'Expiration is parsed as a date');
    assert.ok(Math.abs(Credentials.Expiration.getTime() - Date.now() - 3600_000) < 120_000, 'expires in an hour');

    const { Token } = await identity.send(new GetOpenIdTokenCommand({ IdentityId, Logins }));
    const { payload } = decodeJwt(Token);
    assert.equal(payload.sub, IdentityId);
    assert.equal(payload.aud, identityPoolId);

    const description = await identity.send(new DescribeIdentityCommand({ IdentityId }));
    assert.deepEqual(description.Logins, [providerName]);
    assert.ok(description.CreationDate instanceof Date);
    const { Identities } = await identity.send(new ListIdentitiesCommand({ IdentityPoolId: identityPoolId, MaxResults: 60 }));
    assert.ok(Identities.some((i) => i.IdentityId === IdentityId));
  });

  test('a tampered token and a missing login are NotAuthorizedException', async () => {
    const [header, payload] = idToken.split('.');
    const tampered = `${header}.${payload}.${Buffer.from('not the signature').toString('base64url')}`;
    await expectServiceError(identity.send(new GetIdCommand({ IdentityPoolId: identityPoolId, Logins: { [providerName]: tampered } })),
      { name: 'NotAuthorizedException', type: NotAuthorizedException, status: 403, message: "Invalid login token. Couldn't verify signed token." });

    const { IdentityId } = await identity.send(new GetIdCommand({ IdentityPoolId: identityPoolId, Logins: { [providerName]: idToken } }));
    await expectServiceError(identity.send(new GetCredentialsForIdentityCommand({ IdentityId })),
      { name: 'NotAuthorizedException', type: NotAuthorizedException, message: /^Logins don't match/ });
  });

  test('fromCognitoIdentityPool returns credentials for a signed-in user', async () => {
    const provider = fromCognitoIdentityPool({
      identityPoolId,
      logins: { [providerName]: idToken },
      clientConfig: { region: REGION, endpoint: server.url },
    });
    const credentials = await provider();
    assert.match(credentials.accessKeyId, /^ASIA[A-Z2-7]{16}$/);
    assert.equal(credentials.secretAccessKey.length, 40);
    assert.ok(credentials.sessionToken);
    assert.ok(credentials.expiration instanceof Date && credentials.expiration > new Date());
    assert.match(credentials.identityId, IDENTITY_ID);
  });

  test('fromCognitoIdentityPool returns credentials for a guest', async () => {
    const provider = fromCognitoIdentityPool({ identityPoolId, clientConfig: { region: REGION, endpoint: server.url } });
    const credentials = await provider();
    assert.match(credentials.accessKeyId, /^ASIA[A-Z2-7]{16}$/);
    assert.ok(credentials.expiration > new Date());
    assert.match(credentials.identityId, IDENTITY_ID);
  });
});
