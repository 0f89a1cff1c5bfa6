// A real upstream OpenID Connect provider for federation tests: the npm package oidc-provider, unmodified, on a free
// loopback port with its development interactions (its own login page, which takes any login and password, and its
// consent page). Its one client is CognitoLite, registered with the server's /oauth2/idpresponse URLs.
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import Provider from 'oidc-provider';

export const CLIENT_ID = 'cognitolite';
export const CLIENT_SECRET = 'cognitolite-secret-at-the-idp';

/**
 * Starts the provider. Every login is an account whose sub is the login typed, with an email, email_verified and
 * a name. `tokenRequests` records how each token request authenticated (Basic or not) and the status it got.
 * @param {{ redirectUris: string[] }} options CognitoLite's /oauth2/idpresponse URL(s)
 * @returns {Promise<{ issuer: string, tokenRequests: { basic: boolean, status: number }[], stop: () => Promise<void> }>}
 */
export async function startOidcProvider({ redirectUris }) {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const configuration = {
    clients: [{ client_id: CLIENT_ID, client_secret: CLIENT_SECRET, redirect_uris: redirectUris }],
    jwks: { keys: [{ ...privateKey.export({ format: 'jwk' }), kid: 'compat-idp', use: 'sig', alg: 'RS256' }] },
    cookies: { keys: [randomBytes(32).toString('base64url')] },
    claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'] },
    features: { devInteractions: { enabled: true } },
    // Lifetimes in seconds, set so that the provider does not print a notice for each default it falls back to.
    ttl: { Interaction: 600, Session: 3600, Grant: 3600, AccessToken: 3600, IdToken: 3600 },
    findAccount: (_ctx, sub) => ({
      accountId: sub,
      claims: () => ({ sub, email: `${sub}@idp.example`, email_verified: true, name: `${sub} at the IdP` }),
    }),
  };
  // The port is known once listening; the issuer (in the provider and in its tokens) names it, so the provider is made
  // for a server already bound.
  let handler;
  const server = createServer((request, response) => handler(request, response));
  await new Promise((listening, failed) => {
    server.once('error', failed);
    server.listen(0, '127.0.0.1', listening);
  });
  const issuer = `http://127.0.0.1:${server.address().port}`;
  const provider = new Provider(issuer, configuration);
  const tokenRequests = [];
  provider.use(async (ctx, next) => {
    await next();
    if (ctx.path === '/token') tokenRequests.push({ basic: /^Basic /i.test(ctx.get('authorization')), status: ctx.status });
  });
  handler = provider.callback();
  const stop = () => new Promise((closed) => {
    server.closeAllConnections();
    server.close(() => closed());
  });
  return { issuer, tokenRequests, stop };
}
