// The managed login pages as a user gets through them, for the clients that send users there (openid-client, Amplify):
// in Chromium, filling the form by its labels, or over plain HTTP as a browser without JavaScript would (cookies kept,
// the form's anti-forgery token posted back).
import assert from 'node:assert/strict';
import { screenshot } from './browser.js';

/**
 * Signs in on the sign-in page the browser is on, by the labels a user reads, and waits for the browser to leave it.
 * @param {import('playwright-core').Page} page on the managed login's sign-in page
 * @param {{ username: string, password: string }} user
 * @param {{ test: string, step: string }} [shot] a screenshot of the filled form
 */
export async function fillSignInForm(page, { username, password }, shot) {
  await page.getByLabel('Username', { exact: true }).fill(username);
  await page.getByLabel('Password', { exact: true }).fill(password);
  if (shot) await screenshot(page, shot.test, shot.step);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

/**
 * Opens an authorization URL in Chromium, signs in on the page it leads to and returns the URL the server sent the browser
 * back to. The app's callback is answered by the test (page.route), so any registered callback URL works without a server.
 * @param {import('playwright-core').Page} page
 * @param {URL} authorizationUrl
 * @param {string} redirectUri the callback URL given in the authorization request
 * @param {{ username: string, password: string }} user
 * @param {string} test the test's name, for its screenshots
 * @returns {Promise<URL>} the callback URL with its query (code, state)
 */
export async function signInInChromium(page, authorizationUrl, redirectUri, user, test) {
  const callback = new Promise((resolveCallback) => {
    page.route((url) => url.href.startsWith(`${redirectUri}?`), (route) => {
      resolveCallback(new URL(route.request().url()));
      return route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: '<!doctype html><title>Callback</title><p>Back at the app.</p>' });
    });
  });
  const signInPage = await page.goto(authorizationUrl.href);
  assert.equal(signInPage.status(), 200);
  assert.equal(new URL(page.url()).pathname, '/login');
  await screenshot(page, test, 'sign-in');
  await fillSignInForm(page, user, { test, step: 'sign-in-filled' });
  const callbackUrl = await callback;
  await page.waitForURL((url) => url.href === callbackUrl.href);
  await screenshot(page, test, 'callback');
  return callbackUrl;
}

/**
 * The same sign-in over plain HTTP: GET the authorization URL, follow it to the sign-in page, post the form with its
 * anti-forgery token and the cookie it came with, and return where the server redirects.
 * @param {URL} authorizationUrl
 * @param {string} redirectUri
 * @param {{ username: string, password: string }} user
 * @returns {Promise<URL>} the callback URL with its query (code, state)
 */
export async function signInOverHttp(authorizationUrl, redirectUri, { username, password }) {
  const cookies = new Map();
  const send = async (url, init = {}) => {
    const headers = { ...init.headers };
    if (cookies.size > 0) headers.cookie = [...cookies].map(([name, value]) => `${name}=${value}`).join('; ');
    const response = await fetch(url, { ...init, headers, redirect: 'manual' });
    for (const setCookie of response.headers.getSetCookie()) {
      const [pair] = setCookie.split(';');
      const equals = pair.indexOf('=');
      cookies.set(pair.slice(0, equals).trim(), pair.slice(equals + 1).trim());
    }
    return response;
  };

  const authorize = await send(authorizationUrl);
  assert.equal(authorize.status, 302, 'the authorize endpoint sends a signed-out browser to the sign-in page');
  const signInUrl = new URL(authorize.headers.get('location'), authorizationUrl);
  assert.equal(signInUrl.pathname, '/login');
  const signInPage = await send(signInUrl);
  assert.equal(signInPage.status, 200);
  const form = formOf(await signInPage.text());
  const submitted = await send(new URL(form.action, signInUrl), {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ ...form.hidden, username, password }),
  });
  assert.equal(submitted.status, 302, `the sign-in form answered ${submitted.status}: ${await submitted.text()}`);
  const location = submitted.headers.get('location');
  assert.ok(location.startsWith(`${redirectUri}?`), `redirected to ${location}`);
  return new URL(location);
}

/** The action and hidden fields of the page's (one) POST form. */
function formOf(html) {
  const form = html.match(/<form method="post" action="([^"]*)">/);
  assert.ok(form, 'the page has a POST form');
  const hidden = Object.fromEntries([...html.matchAll(/<input type="hidden" name="([^"]*)" value="([^"]*)">/g)]
    .map(([, name, value]) => [decodeHtml(name), decodeHtml(value)]));
  return { action: decodeHtml(form[1]), hidden };
}

/** Undoes the HTML encoding of an attribute value (System.Text.Encodings.Web writes numeric references and &amp; etc.). */
function decodeHtml(text) {
  const named = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (entity, name) =>
    name[0] !== '#' ? named[name.toLowerCase()] ?? entity
      : String.fromCodePoint(name[1].toLowerCase() === 'x' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10)));
}
