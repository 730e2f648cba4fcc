/* Passkeys (WebAuthn) for Wegwijzer: register a passkey, or use one as the second step.
   Progressive enhancement: elements with [data-passkey] stay hidden unless this browser
   supports WebAuthn. Everything else (authenticator app, recovery codes) works without
   JavaScript. Talks only to this site (the django-otp-webauthn JSON endpoints). */
(function () {
  "use strict";

  function toBuffer(value) {
    var base64 = value.replace(/-/g, "+").replace(/_/g, "/");
    while (base64.length % 4) { base64 += "="; }
    var binary = atob(base64);
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

  function post(url, csrfToken, body) {
    return fetch(url, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrfToken },
      body: JSON.stringify(body || {})
    }).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (data) {
        if (!response.ok) {
          var error = new Error(data.detail || "request failed");
          error.detail = data.detail;
          throw error;
        }
        return data;
      });
    });
  }

  function withNext(url, next) {
    if (!next) { return url; }
    return url + (url.indexOf("?") === -1 ? "?" : "&") + "next=" + encodeURIComponent(next);
  }

  function register(el) {
    return post(el.dataset.beginUrl, el.dataset.csrfToken).then(function (options) {
      options.challenge = toBuffer(options.challenge);
      options.user.id = toBuffer(options.user.id);
      (options.excludeCredentials || []).forEach(function (c) { c.id = toBuffer(c.id); });
      return navigator.credentials.create({ publicKey: options });
    }).then(function (credential) {
      var response = credential.response;
      return post(el.dataset.completeUrl, el.dataset.csrfToken, {
        id: credential.id,
        rawId: toBase64url(credential.rawId),
        type: credential.type,
        authenticatorAttachment: credential.authenticatorAttachment || null,
        clientExtensionResults: credential.getClientExtensionResults(),
        response: {
          clientDataJSON: toBase64url(response.clientDataJSON),
          attestationObject: toBase64url(response.attestationObject),
          transports: response.getTransports ? response.getTransports() : []
        }
      });
    }).then(function () {
      window.location.assign(el.dataset.next);
    });
  }

  function authenticate(el) {
    return post(el.dataset.beginUrl, el.dataset.csrfToken).then(function (options) {
      options.challenge = toBuffer(options.challenge);
      (options.allowCredentials || []).forEach(function (c) { c.id = toBuffer(c.id); });
      return navigator.credentials.get({ publicKey: options });
    }).then(function (credential) {
      var response = credential.response;
      return post(withNext(el.dataset.completeUrl, el.dataset.next), el.dataset.csrfToken, {
        id: credential.id,
        rawId: toBase64url(credential.rawId),
        type: credential.type,
        authenticatorAttachment: credential.authenticatorAttachment || null,
        clientExtensionResults: credential.getClientExtensionResults(),
        response: {
          clientDataJSON: toBase64url(response.clientDataJSON),
          authenticatorData: toBase64url(response.authenticatorData),
          signature: toBase64url(response.signature),
          userHandle: response.userHandle ? toBase64url(response.userHandle) : null
        }
      });
    }).then(function (data) {
      window.location.assign(data.redirect_url || el.dataset.next || "/accounts/");
    });
  }

  function setUp(el) {
    if (!window.PublicKeyCredential || !navigator.credentials) { return; }
    var button = el.querySelector("button");
    var status = el.querySelector(".ww-passkey__status");
    el.hidden = false;
    button.addEventListener("click", function () {
      button.disabled = true;
      status.textContent = "";
      var action = el.dataset.passkey === "register" ? register : authenticate;
      action(el).catch(function (error) {
        if (error && error.detail === "reauthenticate" && el.dataset.reauthUrl) {
          window.location.assign(el.dataset.reauthUrl);
          return;
        }
        status.textContent = el.dataset.errorText;
      }).then(function () { button.disabled = false; });
    });
  }

  document.querySelectorAll("[data-passkey]").forEach(setUp);
}());
