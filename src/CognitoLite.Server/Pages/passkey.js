// The managed login's passkey steps: the WEB_AUTHN challenge page (navigator.credentials.get over the challenge's
// CREDENTIAL_REQUEST_OPTIONS) and the offer to add a passkey after sign-in (navigator.credentials.create over
// StartWebAuthnRegistration's options). Each puts the browser's answer in its form as AuthenticationResponseJSON or
// RegistrationResponseJSON and sends the form. Served as a file with the page's CSP nonce; the pages carry no inline script.
(() => {
  const status = document.getElementById('passkey-status');

  const fromBase64Url = (text) => {
    const base64 = text.replace(/-/g, '+').replace(/_/g, '/');
    return Uint8Array.from(atob(base64 + '='.repeat((4 - (base64.length % 4)) % 4)), (c) => c.charCodeAt(0)).buffer;
  };
  const toBase64Url = (buffer) =>
    btoa(String.fromCharCode(...new Uint8Array(buffer))).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
  const withIds = (list) => (list || []).map((c) => ({ ...c, id: fromBase64Url(c.id) }));
  const credentialJson = (credential, response) => JSON.stringify({
    id: credential.id,
    rawId: toBase64Url(credential.rawId),
    type: credential.type,
    response,
    authenticatorAttachment: credential.authenticatorAttachment || undefined,
    clientExtensionResults: credential.getClientExtensionResults(),
  });

  /** On a click of the button: the ceremony, its answer into the form's `credential` field, and the form sent. */
  const ceremony = (button, run) => button?.addEventListener('click', async () => {
    status.textContent = '';
    if (!window.PublicKeyCredential) {
      status.textContent = 'This browser does not support passkeys.';
      return;
    }
    try {
      button.form.elements.credential.value = await run(button.form);
      button.form.submit();
    } catch (error) {
      status.textContent = `The passkey was not used (${error.name}). Try again, or go on another way.`;
    }
  });

  ceremony(document.getElementById('passkey-button'), async (form) => {
    const options = JSON.parse(form.elements['p.CREDENTIAL_REQUEST_OPTIONS'].value);
    const credential = await navigator.credentials.get({
      publicKey: { ...options, challenge: fromBase64Url(options.challenge), allowCredentials: withIds(options.allowCredentials) },
    });
    const response = {
      clientDataJSON: toBase64Url(credential.response.clientDataJSON),
      authenticatorData: toBase64Url(credential.response.authenticatorData),
      signature: toBase64Url(credential.response.signature),
    };
    if (credential.response.userHandle) response.userHandle = toBase64Url(credential.response.userHandle);
    return credentialJson(credential, response);
  });

  ceremony(document.getElementById('passkey-create'), async (form) => {
    const options = JSON.parse(form.elements['p.CREDENTIAL_CREATION_OPTIONS'].value);
    const credential = await navigator.credentials.create({
      publicKey: {
        ...options,
        challenge: fromBase64Url(options.challenge),
        user: { ...options.user, id: fromBase64Url(options.user.id) },
        excludeCredentials: withIds(options.excludeCredentials),
      },
    });
    return credentialJson(credential, {
      clientDataJSON: toBase64Url(credential.response.clientDataJSON),
      attestationObject: toBase64Url(credential.response.attestationObject),
      transports: credential.response.getTransports ? credential.response.getTransports() : [],
    });
  });
})();
