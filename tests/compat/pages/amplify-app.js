// A browser app that uses aws-amplify v6 as apps do, bundled by bundleAmplifyApp and served by startAppServer.
// Amplify's Cognito settings (pool, client, the hosted login's OAuth settings) are window.appConfig, which the test
// sets before the page runs (addInitScript). window.ready says Amplify is configured; window.amplifyConfig is what
// Amplify took. The auth API is window.auth for the test to call; window.authEvents lists Amplify's auth Hub events.
// Back from the hosted login, Amplify exchanges the code itself; the app then reads the user and the session, as an
// app does on its `signInWithRedirect` event, into window.signedIn (or window.signedIn.error) and onto the page.
import { Amplify } from 'aws-amplify';
import { fetchAuthSession, fetchUserAttributes, getCurrentUser, signInWithRedirect, signOut } from 'aws-amplify/auth';
import 'aws-amplify/auth/enable-oauth-listener';
import { Hub } from 'aws-amplify/utils';

const show = (text) => { document.body.textContent = text; };

async function readSession() {
  try {
    const user = await getCurrentUser();
    const { tokens } = await fetchAuthSession();
    window.signedIn = {
      username: user.username,
      userId: user.userId,
      accessToken: tokens.accessToken.toString(),
      idToken: tokens.idToken?.toString(),
    };
    show(`Signed in as ${user.username}`);
  } catch (error) {
    window.signedIn = { error: `${error.name}: ${error.message}` };
    show(`Could not read the session: ${error.message}`);
  }
}

// Registered before Amplify.configure, which starts completing a sign-in the URL comes back with.
window.authEvents = [];
Hub.listen('auth', ({ payload }) => {
  const error = payload.data?.error;
  window.authEvents.push(error ? { event: payload.event, error: `${error.name}: ${error.message}` } : { event: payload.event });
  if (payload.event === 'signInWithRedirect') readSession();
  if (payload.event === 'signInWithRedirect_failure') show(`Sign-in failed: ${error?.message}`);
});

Amplify.configure({ Auth: { Cognito: window.appConfig } });
window.amplifyConfig = Amplify.getConfig();
window.auth = { fetchAuthSession, fetchUserAttributes, getCurrentUser, signInWithRedirect, signOut };
show('Signed out');
window.ready = true;
