// A browser app that uses aws-amplify v6's passkey API as apps do, bundled by bundleAmplifyApp and served by
// startAppServer on http://localhost (a secure context, so the browser offers WebAuthn). Amplify's Cognito settings are
// window.appConfig, which the test sets before the page runs; window.auth is the API for the test to call.
import { Amplify } from 'aws-amplify';
import {
  associateWebAuthnCredential,
  confirmSignIn,
  deleteWebAuthnCredential,
  fetchAuthSession,
  listWebAuthnCredentials,
  signIn,
  signOut,
} from 'aws-amplify/auth';

Amplify.configure({ Auth: { Cognito: window.appConfig } });
window.auth = { associateWebAuthnCredential, confirmSignIn, deleteWebAuthnCredential, fetchAuthSession, listWebAuthnCredentials, signIn, signOut };
document.body.textContent = 'Passkey app';
window.ready = true;
