// The managed login's passkey step (the WEB_AUTHN challenge page): asks the browser for an assertion with the
// challenge's CREDENTIAL_REQUEST_OPTIONS, puts it in the form as AuthenticationResponseJSON and sends the form.
// Served as a file with the page's CSP nonce; the page itself carries no script.
(() => {
  const button = document.getElementById('passkey-button');
  const status = document.getElementById('passkey-status');
  const form = button?.form;
  if (!form) return;

  const fromBase64Url = (text) => {
    const base64 = text.replace(/-/g, '+').replace(/_/g, '/');
    return Uint8Array.from(atob(base64 + '='.repeat((4 - (base64.length % 4)) % 4)), (c) => c.charCodeAt(0)).buffer;
  };
  const toBase64Url = (buffer) =>
    btoa(String.fromCharCode(...new Uint8Array(buffer))).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');

  button.addEventListener('click', async () => {
    status.textContent = '';
    if (!window.PublicKeyCredential) {
      status.textContent = 'This browser does not support passkeys.';
      return;
    }
    const options = JSON.parse(form.elements['p.CREDENTIAL_REQUEST_OPTIONS'].value);
    try {
      const credential = await navigator.credentials.get({
        publicKey: {
          ...options,
          challenge: fromBase64Url(options.challenge),
          allowCredentials: (options.allowCredentials || []).map((c) => ({ ...c, id: fromBase64Url(c.id) })),
        },
      });
      const response = {
        clientDataJSON: toBase64Url(credential.response.clientDataJSON),
        authenticatorData: toBase64Url(credential.response.authenticatorData),
        signature: toBase64Url(credential.response.signature),
      };
      if (credential.response.userHandle) response.userHandle = toBase64Url(credential.response.userHandle);
      form.elements.credential.value = JSON.stringify({
        id: credential.id,
        rawId: toBase64Url(credential.rawId),
        type: credential.type,
        response,
        authenticatorAttachment: credential.authenticatorAttachment || undefined,
        clientExtensionResults: credential.getClientExtensionResults(),
      });
      form.submit();
    } catch (error) {
      status.textContent = `The passkey was not used (${error.name}). Try again, or go back and sign in another way.`;
    }
  });
})();
