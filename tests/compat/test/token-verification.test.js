// CognitoLite's id and access tokens checked by the JWT libraries apps use to protect their APIs, unmodified:
// aws-jwt-verify (JwtRsaVerifier and CognitoJwtVerifier) and jose (with the OpenID discovery document).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { CognitoJwtVerifier, JwtRsaVerifier } from 'aws-jwt-verify';
import {
  CognitoJwtInvalidClientIdError,
  CognitoJwtInvalidTokenUseError,
  JwtInvalidAudienceError,
  JwtInvalidIssuerError,
  JwtInvalidSignatureError,
  KidNotFoundInJwksError,
  NonRetryableFetchError,
  ParameterValidationError,
} from 'aws-jwt-verify/error';
import { SimpleJwksCache } from 'aws-jwt-verify/jwk';
import { createRemoteJWKSet, errors as joseErrors, jwtVerify } from 'jose';
import { startServer } from '../support/server.js';
import { idpClient, REGION } from '../support/aws.js';
import { createPoolWithClient, decodeJwt, FAST_HASHING, signedInUser, tamperPayload } from '../support/users.js';

const AWS_ISSUER_BASE = `https://cognito-idp.${REGION}.amazonaws.com`;

/**
 * aws-jwt-verify's JWKS fetcher, kept on this machine: loopback URLs are fetched as they are, AWS's JWKS URL
 * for a pool is answered from our server (where CognitoLite serves it), anything else is refused. With it
 * no verifier here ever tries to reach AWS, even when a key is missing from its cache. `requests` lists
 * every URI the verifier asked for.
 */
class LocalJwksFetcher {
  requests = [];
  constructor(serverUrl) {
    this.serverUrl = serverUrl;
  }

  async fetch(uri) {
    this.requests.push(uri);
    const url = new URL(uri);
    let local;
    if (url.hostname === '127.0.0.1') local = url;
    else if (url.origin === AWS_ISSUER_BASE) local = new URL(url.pathname, this.serverUrl);
    else throw new NonRetryableFetchError(uri, 'this test fetches nothing off the machine');
    const response = await fetch(local);
    if (response.status !== 200) throw new NonRetryableFetchError(uri, `Status code is ${response.status}, expected 200`);
    return response.arrayBuffer();
  }
}

/** Starts a server, makes two pools with a user each, signs both in. */
async function setUp(env) {
  const server = await startServer({ env: { ...FAST_HASHING, ...env } });
  const idp = idpClient(server.url);
  const signIn = async (app) => {
    const { user, tokens } = await signedInUser(idp, server.url, app);
    return { ...app, user, idToken: tokens.IdToken, accessToken: tokens.AccessToken };
  };
  const [pool, other] = await Promise.all([createPoolWithClient(idp), createPoolWithClient(idp)]);
  return { server, idp, pool: await signIn(pool), other: await signIn(other) };
}

async function getJson(url) {
  const response = await fetch(url);
  assert.equal(response.status, 200, `${url} answered ${response.status}`);
  assert.match(response.headers.get('content-type'), /^application\/json/);
  return response.json();
}

async function tearDown(setup) {
  setup?.idp.destroy();
  await setup?.server.stop();
}

/** Expects the verification to be rejected with an error of the given class. */
async function assertRejectsWith(promise, type) {
  let error;
  try {
    await promise;
  } catch (caught) {
    error = caught;
  }
  assert.ok(error, `the token was accepted, expected ${type.name}`);
  assert.ok(error instanceof type, `expected ${type.name}, got ${error.name}: ${error.message}`);
  return error;
}

describe('tokens with the local issuer (the URL the client used)', () => {
  let setup;
  let discovery;
  let jwks;
  before(async () => {
    setup = await setUp({});
    discovery = await getJson(`${setup.server.url}/${setup.pool.poolId}/.well-known/openid-configuration`);
    jwks = await getJson(`${setup.server.url}/${setup.pool.poolId}/.well-known/jwks.json`);
  });
  after(() => tearDown(setup));

  const issuerOf = (pool) => `${setup.server.url}/${pool.poolId}`;
  const jwksUriOf = (pool) => `${issuerOf(pool)}/.well-known/jwks.json`;

  test('tokens carry iss = server URL + pool id; discovery and JWKS agree with them', () => {
    const { pool } = setup;
    const id = decodeJwt(pool.idToken);
    const access = decodeJwt(pool.accessToken);
    assert.equal(id.payload.iss, issuerOf(pool));
    assert.equal(access.payload.iss, issuerOf(pool));
    assert.equal(discovery.issuer, id.payload.iss);
    assert.equal(discovery.jwks_uri, jwksUriOf(pool));
    assert.deepEqual(discovery.id_token_signing_alg_values_supported, ['RS256']);
    assert.ok(jwks.keys.length >= 1);
    for (const key of jwks.keys) {
      assert.deepEqual(Object.keys(key).sort(), ['alg', 'e', 'kid', 'kty', 'n', 'use']);
      assert.equal(key.kty, 'RSA');
      assert.equal(key.alg, 'RS256');
      assert.equal(key.use, 'sig');
      assert.equal(key.e, 'AQAB');
      assert.equal(Buffer.from(key.n, 'base64url').length, 256, '2048-bit modulus');
    }
    const kids = jwks.keys.map((k) => k.kid);
    assert.ok(kids.includes(id.header.kid) && kids.includes(access.header.kid), 'the signing keys are published');
    assert.ok(!kids.includes(decodeJwt(setup.other.idToken).header.kid), "another pool's key is not in this pool's JWKS");
  });

  describe('aws-jwt-verify JwtRsaVerifier', () => {
    // The built-in fetcher speaks only https, so against an http:// server the app hands the JWKS over itself
    // (cacheJwks) or plugs in a fetcher; both are tested.
    // Each verifier has its own cache (and so its own penalty box for unknown kids); `fetcher` sees all fetches.
    const verifiers = (fetcher) => ({
      id: JwtRsaVerifier.create(
        { issuer: issuerOf(setup.pool), audience: setup.pool.clientId, jwksUri: jwksUriOf(setup.pool) },
        { jwksCache: new SimpleJwksCache({ fetcher }) },
      ),
      access: JwtRsaVerifier.create(
        { issuer: issuerOf(setup.pool), audience: null, jwksUri: jwksUriOf(setup.pool) },
        { jwksCache: new SimpleJwksCache({ fetcher }) },
      ),
    });

    test('with cacheJwks: accepts our id and access tokens', async () => {
      const fetcher = new LocalJwksFetcher(setup.server.url);
      const { id, access } = verifiers(fetcher);
      id.cacheJwks(jwks);
      access.cacheJwks(jwks);
      const idClaims = await id.verify(setup.pool.idToken);
      assert.equal(idClaims.sub, setup.pool.user.sub);
      assert.equal(idClaims.token_use, 'id');
      const accessClaims = await access.verify(setup.pool.accessToken);
      assert.equal(accessClaims.client_id, setup.pool.clientId);
      assert.equal(accessClaims.token_use, 'access');
      // The synchronous form works from the cache alone.
      assert.equal(id.verifySync(setup.pool.idToken).sub, setup.pool.user.sub);
      assert.deepEqual(fetcher.requests, [], 'nothing fetched: the keys came from cacheJwks');
    });

    test('fetching jwksUri from our server: accepts our id and access tokens', async () => {
      const fetcher = new LocalJwksFetcher(setup.server.url);
      const { id, access } = verifiers(fetcher);
      assert.equal((await id.verify(setup.pool.idToken)).aud, setup.pool.clientId);
      assert.equal((await access.verify(setup.pool.accessToken)).username, setup.pool.user.username);
      assert.ok(fetcher.requests.length >= 1);
      assert.ok(fetcher.requests.every((uri) => uri === jwksUriOf(setup.pool)), `fetched ${fetcher.requests}`);
    });

    test('the default fetcher refuses an http:// jwksUri (client limitation, not ours)', async () => {
      const verifier = JwtRsaVerifier.create({ issuer: issuerOf(setup.pool), audience: null, jwksUri: jwksUriOf(setup.pool) });
      await assert.rejects(verifier.verify(setup.pool.accessToken), /Protocol "http:" not supported/);
    });

    test('rejects a token whose payload was modified', async () => {
      const { id, access } = verifiers(new LocalJwksFetcher(setup.server.url));
      id.cacheJwks(jwks);
      access.cacheJwks(jwks);
      const forgedId = tamperPayload(setup.pool.idToken, { 'cognito:username': 'admin' });
      const forgedAccess = tamperPayload(setup.pool.accessToken, { exp: decodeJwt(setup.pool.accessToken).payload.exp + 86_400 });
      await assertRejectsWith(id.verify(forgedId), JwtInvalidSignatureError);
      await assertRejectsWith(access.verify(forgedAccess), JwtInvalidSignatureError);
    });

    test('rejects tokens from another pool, and an id token for another client', async () => {
      const fetcher = new LocalJwksFetcher(setup.server.url);
      const { id, access } = verifiers(fetcher);
      // Its key is not in this pool's JWKS (the verifier refetches this pool's JWKS once, then gives up).
      await assertRejectsWith(access.verify(setup.other.accessToken), KidNotFoundInJwksError);
      await assertRejectsWith(id.verify(setup.other.idToken), KidNotFoundInJwksError);
      assert.ok(fetcher.requests.every((uri) => uri === jwksUriOf(setup.pool)));

      // Even a verifier that (wrongly) trusts both pools' keys refuses it: the iss is the other pool's.
      const otherJwks = await getJson(jwksUriOf(setup.other));
      const lenient = JwtRsaVerifier.create({ issuer: issuerOf(setup.pool), audience: null, jwksUri: jwksUriOf(setup.pool) },
        { jwksCache: new SimpleJwksCache({ fetcher: new LocalJwksFetcher(setup.server.url) }) });
      lenient.cacheJwks({ keys: [...jwks.keys, ...otherJwks.keys] });
      await assertRejectsWith(lenient.verify(setup.other.accessToken), JwtInvalidIssuerError);

      const wrongAudience = JwtRsaVerifier.create({ issuer: issuerOf(setup.pool), audience: 'someotherclient', jwksUri: jwksUriOf(setup.pool) },
        { jwksCache: new SimpleJwksCache({ fetcher: new LocalJwksFetcher(setup.server.url) }) });
      wrongAudience.cacheJwks(jwks);
      await assertRejectsWith(wrongAudience.verify(setup.pool.idToken), JwtInvalidAudienceError);
    });
  });

  describe('jose with OpenID discovery', () => {
    test('createRemoteJWKSet(jwks_uri) + jwtVerify accept our id and access tokens', async () => {
      const JWKS = createRemoteJWKSet(new URL(discovery.jwks_uri));
      const { payload: id, protectedHeader } = await jwtVerify(setup.pool.idToken, JWKS, {
        issuer: discovery.issuer, audience: setup.pool.clientId, algorithms: discovery.id_token_signing_alg_values_supported,
      });
      assert.equal(protectedHeader.alg, 'RS256');
      assert.equal(id.sub, setup.pool.user.sub);
      assert.equal(id.email, setup.pool.user.email);
      const { payload: access } = await jwtVerify(setup.pool.accessToken, JWKS, { issuer: discovery.issuer });
      assert.equal(access.client_id, setup.pool.clientId);
      assert.equal(access.scope, 'aws.cognito.signin.user.admin');
    });

    test('rejects a modified payload, another pool and a wrong audience', async () => {
      const JWKS = createRemoteJWKSet(new URL(discovery.jwks_uri));
      const forged = tamperPayload(setup.pool.accessToken, { username: 'admin' });
      await assert.rejects(jwtVerify(forged, JWKS, { issuer: discovery.issuer }), joseErrors.JWSSignatureVerificationFailed);
      await assert.rejects(jwtVerify(setup.other.accessToken, JWKS, { issuer: discovery.issuer }), joseErrors.JWKSNoMatchingKey);
      await assert.rejects(
        jwtVerify(setup.pool.idToken, JWKS, { issuer: discovery.issuer, audience: 'someotherclient' }),
        (error) => error instanceof joseErrors.JWTClaimValidationFailed && error.claim === 'aud',
      );

      // The other pool's own discovery document verifies its own token, and not ours.
      const otherDiscovery = await getJson(`${setup.server.url}/${setup.other.poolId}/.well-known/openid-configuration`);
      assert.equal(otherDiscovery.issuer, decodeJwt(setup.other.accessToken).payload.iss);
      const otherJwks = createRemoteJWKSet(new URL(otherDiscovery.jwks_uri));
      await jwtVerify(setup.other.accessToken, otherJwks, { issuer: otherDiscovery.issuer });
      await assert.rejects(jwtVerify(setup.pool.accessToken, otherJwks, { issuer: otherDiscovery.issuer }), joseErrors.JWKSNoMatchingKey);
    });
  });
});

describe('tokens with CognitoLite__IssuerStyle=aws', () => {
  let setup;
  let jwks;
  before(async () => {
    setup = await setUp({ CognitoLite__IssuerStyle: 'aws' });
    jwks = await getJson(`${setup.server.url}/${setup.pool.poolId}/.well-known/jwks.json`);
  });
  after(() => tearDown(setup));

  /** A CognitoJwtVerifier as an app makes it, with the JWKS fetched from CognitoLite and cached. */
  function cognitoVerifier(tokenUse, { clientId = setup.pool.clientId, keys = jwks } = {}) {
    const fetcher = new LocalJwksFetcher(setup.server.url);
    const verifier = CognitoJwtVerifier.create(
      { userPoolId: setup.pool.poolId, tokenUse, clientId },
      { jwksCache: new SimpleJwksCache({ fetcher }) },
    );
    verifier.cacheJwks(keys);
    return { verifier, fetcher };
  }

  test("tokens carry AWS's issuer; discovery names it and still points jwks_uri at our server", async () => {
    const iss = `${AWS_ISSUER_BASE}/${setup.pool.poolId}`;
    assert.equal(decodeJwt(setup.pool.idToken).payload.iss, iss);
    assert.equal(decodeJwt(setup.pool.accessToken).payload.iss, iss);
    const discovery = await getJson(`${setup.server.url}/${setup.pool.poolId}/.well-known/openid-configuration`);
    assert.equal(discovery.issuer, iss);
    assert.equal(discovery.jwks_uri, `${setup.server.url}/${setup.pool.poolId}/.well-known/jwks.json`);
  });

  test('CognitoJwtVerifier with cacheJwks accepts our id and access tokens', async () => {
    const id = cognitoVerifier('id');
    const access = cognitoVerifier('access');
    const idClaims = await id.verifier.verify(setup.pool.idToken);
    assert.equal(idClaims['cognito:username'], setup.pool.user.username);
    assert.equal(idClaims.email_verified, true);
    const accessClaims = await access.verifier.verify(setup.pool.accessToken);
    assert.equal(accessClaims.username, setup.pool.user.username);
    assert.equal(id.verifier.verifySync(setup.pool.idToken).sub, setup.pool.user.sub);
    assert.deepEqual([...id.fetcher.requests, ...access.fetcher.requests], [], 'nothing fetched');
  });

  test('CognitoJwtVerifier rejects a modified payload', async () => {
    const id = cognitoVerifier('id');
    const access = cognitoVerifier('access');
    await assertRejectsWith(id.verifier.verify(tamperPayload(setup.pool.idToken, { email: 'admin@example.com' })), JwtInvalidSignatureError);
    await assertRejectsWith(access.verifier.verify(tamperPayload(setup.pool.accessToken, { scope: 'admin' })), JwtInvalidSignatureError);
  });

  test('CognitoJwtVerifier rejects tokens from another pool', async () => {
    // CognitoJwtVerifier picks its issuer config by the token's iss: another pool's iss is refused before any key lookup.
    const access = cognitoVerifier('access');
    const error = await assertRejectsWith(access.verifier.verify(setup.other.accessToken), ParameterValidationError);
    assert.equal(error.message, `issuer not configured: ${AWS_ISSUER_BASE}/${setup.other.poolId}`);
    // Even with the other pool's keys trusted too.
    const otherJwks = await getJson(`${setup.server.url}/${setup.other.poolId}/.well-known/jwks.json`);
    const lenient = cognitoVerifier('id', { keys: { keys: [...jwks.keys, ...otherJwks.keys] } });
    await assertRejectsWith(lenient.verifier.verify(setup.other.idToken), ParameterValidationError);
    assert.deepEqual([...access.fetcher.requests, ...lenient.fetcher.requests], [], 'nothing fetched');

    // A token that claims this pool's iss but is signed with the other pool's key: unknown kid. The verifier
    // refetches its pool's JWKS (from AWS's URL, answered here by our server), then gives up.
    const [, payload, signature] = setup.other.accessToken.split('.');
    const otherHeader = decodeJwt(setup.other.accessToken).header;
    const claims = { ...JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')), iss: `${AWS_ISSUER_BASE}/${setup.pool.poolId}` };
    const spliced = [
      Buffer.from(JSON.stringify(otherHeader)).toString('base64url'),
      Buffer.from(JSON.stringify(claims)).toString('base64url'),
      signature,
    ].join('.');
    const fresh = cognitoVerifier('access', { clientId: setup.other.clientId });
    await assertRejectsWith(fresh.verifier.verify(spliced), KidNotFoundInJwksError);
    assert.deepEqual(fresh.fetcher.requests, [`${AWS_ISSUER_BASE}/${setup.pool.poolId}/.well-known/jwks.json`]);
  });

  test('CognitoJwtVerifier checks token_use and the client id', async () => {
    await assertRejectsWith(cognitoVerifier('access').verifier.verify(setup.pool.idToken), CognitoJwtInvalidTokenUseError);
    await assertRejectsWith(cognitoVerifier('id').verifier.verify(setup.pool.accessToken), CognitoJwtInvalidTokenUseError);
    const wrongClient = cognitoVerifier('access', { clientId: 'someotherclient' });
    await assertRejectsWith(wrongClient.verifier.verify(setup.pool.accessToken), CognitoJwtInvalidClientIdError);
  });

  test('jose verifies against discovery with the AWS issuer', async () => {
    const discovery = await getJson(`${setup.server.url}/${setup.pool.poolId}/.well-known/openid-configuration`);
    const JWKS = createRemoteJWKSet(new URL(discovery.jwks_uri));
    await jwtVerify(setup.pool.idToken, JWKS, { issuer: discovery.issuer, audience: setup.pool.clientId });
    await jwtVerify(setup.pool.accessToken, JWKS, { issuer: discovery.issuer });
    await assert.rejects(
      jwtVerify(setup.pool.accessToken, JWKS, { issuer: `${setup.server.url}/${setup.pool.poolId}` }),
      (error) => error instanceof joseErrors.JWTClaimValidationFailed && error.claim === 'iss',
    );
  });
});
