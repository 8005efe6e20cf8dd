/* Security keys (WebAuthn) on the two-factor pages. Progressive enhancement:
   the buttons stay hidden when the browser has no WebAuthn. No inline script
   (CSP script-src 'self'); messages come from data-* attributes. */
(function () {
  "use strict";

  function toBuffer(value) {
    var s = value.replace(/-/g, "+").replace(/_/g, "/");
    while (s.length % 4) { s += "="; }
    var binary = atob(s);
    var bytes = new Uint8Array(binary.length);
    for (var i = 0; i < binary.length; i++) { bytes[i] = binary.charCodeAt(i); }
    return bytes.buffer;
  }

  function toBase64url(buffer) {
    var bytes = new Uint8Array(buffer);
    var binary = "";
    for (var i = 0; i < bytes.length; i++) { binary += String.fromCharCode(bytes[i]); }
    return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
  }

  function csrfToken(root) {
    var input = root.querySelector("input[name=csrfmiddlewaretoken]") ||
      document.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }

  function post(root, url, body) {
    return fetch(url, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrfToken(root) },
      body: JSON.stringify(body || {})
    }).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (data) {
        if (!response.ok) { throw new Error(data.error || root.dataset.msgFailed); }
        return data;
      });
    });
  }

  function say(root, text, isError) {
    var status = root.querySelector("[data-webauthn-status]");
    if (!status) { return; }
    status.textContent = text;
    status.className = "notice " + (isError ? "notice--error" : "notice--info");
    status.hidden = !text;
  }

  function browserError(root, error) {
    if (error && error.name === "NotAllowedError") { return root.dataset.msgCancelled; }
    if (error && error.name === "SecurityError") { return root.dataset.msgInsecure; }
    if (error && error.name === "InvalidStateError") { return root.dataset.msgDuplicate; }
    return (error && error.message) || root.dataset.msgFailed;
  }

  function register(root, button) {
    var nameInput = root.querySelector("[name=webauthn_name]");
    button.disabled = true;
    say(root, root.dataset.msgWaiting, false);
    post(root, root.dataset.beginUrl).then(function (options) {
      var pk = options.publicKey;
      pk.challenge = toBuffer(pk.challenge);
      pk.user.id = toBuffer(pk.user.id);
      (pk.excludeCredentials || []).forEach(function (c) { c.id = toBuffer(c.id); });
      return navigator.credentials.create({ publicKey: pk });
    }).then(function (credential) {
      var r = credential.response;
      return post(root, root.dataset.completeUrl, {
        name: nameInput ? nameInput.value : "",
        credential: {
          id: credential.id,
          rawId: toBase64url(credential.rawId),
          type: credential.type,
          authenticatorAttachment: credential.authenticatorAttachment || undefined,
          clientExtensionResults: credential.getClientExtensionResults(),
          response: {
            clientDataJSON: toBase64url(r.clientDataJSON),
            attestationObject: toBase64url(r.attestationObject),
            transports: r.getTransports ? r.getTransports() : undefined
          }
        }
      });
    }).then(function (data) {
      window.location.assign(data.redirect);
    }).catch(function (error) {
      say(root, browserError(root, error), true);
      button.disabled = false;
    });
  }

  function authenticate(root, button) {
    button.disabled = true;
    say(root, root.dataset.msgWaiting, false);
    post(root, root.dataset.beginUrl).then(function (options) {
      var pk = options.publicKey;
      pk.challenge = toBuffer(pk.challenge);
      (pk.allowCredentials || []).forEach(function (c) { c.id = toBuffer(c.id); });
      return navigator.credentials.get({ publicKey: pk });
    }).then(function (credential) {
      var r = credential.response;
      return post(root, root.dataset.completeUrl, {
        next: root.dataset.next || "",
        credential: {
          id: credential.id,
          rawId: toBase64url(credential.rawId),
          type: credential.type,
          authenticatorAttachment: credential.authenticatorAttachment || undefined,
          clientExtensionResults: credential.getClientExtensionResults(),
          response: {
            clientDataJSON: toBase64url(r.clientDataJSON),
            authenticatorData: toBase64url(r.authenticatorData),
            signature: toBase64url(r.signature),
            userHandle: r.userHandle ? toBase64url(r.userHandle) : undefined
          }
        }
      });
    }).then(function (data) {
      window.location.assign(data.redirect);
    }).catch(function (error) {
      say(root, browserError(root, error), true);
      button.disabled = false;
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    var supported = !!(window.PublicKeyCredential && navigator.credentials);
    document.querySelectorAll("[data-webauthn]").forEach(function (root) {
      if (!supported) { return; }
      root.hidden = false;
      var button = root.querySelector("[data-webauthn-start]");
      if (!button) { return; }
      button.addEventListener("click", function (event) {
        event.preventDefault();
        if (root.dataset.webauthn === "register") { register(root, button); }
        else { authenticate(root, button); }
      });
    });
  });
}());
