// A browser app that uses aws-amplify v6 as apps do, bundled by bundleAmplifyApp and served by startAppServer.
// Amplify's Cognito settings (pool, client, the hosted login's OAuth settings) are window.appConfig, which the test
// sets before the page runs (addInitScript). window.ready says Amplify is configured; window.amplifyConfig is what
// Amplify took.
import { Amplify } from 'aws-amplify';

Amplify.configure({ Auth: { Cognito: window.appConfig } });
window.amplifyConfig = Amplify.getConfig();
window.ready = true;
