// A stand-in for Shopify's App Bridge script (cdn.shopify.com/shopifycloud/app-bridge.js),
// served by the simulated admin so the app runs embedded with no network. It does what the
// app relies on: `shopify.idToken()`, session tokens on the app's own fetches (with the
// retry App Bridge does on 401), the bounce-page reload, toasts, loading, the nav menu and
// title bar mirrored into the admin frame, admin-nav clicks as `shopify:navigate`, links into
// the shop's admin opened in the simulated admin (./admin-links.js), and `shopify.scopes` with
// the simulated admin's grant screen.
(function () {
  "use strict";
  var script = document.currentScript;
  var adminOrigin = new URL(script.src).origin;
  var apiKey = script.getAttribute("data-api-key") || "";
  var params = new URLSearchParams(location.search);
  var shop = params.get("shop") || sessionStorage.getItem("standin-shop") || "";
  var host = params.get("host") || sessionStorage.getItem("standin-host") || "";
  if (shop) sessionStorage.setItem("standin-shop", shop);
  if (host) sessionStorage.setItem("standin-host", host);
  var nativeFetch = window.fetch.bind(window);

  function post(message) {
    if (window.parent !== window) window.parent.postMessage(Object.assign({ source: "app-bridge-standin" }, message), adminOrigin);
  }

  function idToken() {
    return nativeFetch(adminOrigin + "/session-token?shop=" + encodeURIComponent(shop))
      .then(function (response) {
        if (!response.ok) throw new Error("The simulated admin refused a session token");
        return response.json();
      })
      .then(function (body) {
        return body.token;
      });
  }

  // The library's bounce page: reload the target with a fresh id_token.
  var reload = params.get("shopify-reload");
  if (reload) {
    idToken().then(function (token) {
      var target = new URL(reload);
      target.searchParams.set("id_token", token);
      location.replace(target.toString());
    });
  }

  function sameOrigin(url) {
    try {
      return new URL(url, location.href).origin === location.origin;
    } catch (error) {
      return false;
    }
  }

  window.fetch = function (input, init) {
    var request = new Request(input, init);
    if (!sameOrigin(request.url) || request.headers.has("Authorization")) return nativeFetch(request);
    var retry = request.clone();
    return idToken().then(function (token) {
      var headers = new Headers(request.headers);
      headers.set("Authorization", "Bearer " + token);
      return nativeFetch(new Request(request, { headers: headers })).then(function (response) {
        if (response.status !== 401 || response.headers.get("X-Shopify-Retry-Invalid-Session-Request") !== "1") return response;
        return idToken().then(function (fresh) {
          var again = new Headers(retry.headers);
          again.set("Authorization", "Bearer " + fresh);
          return nativeFetch(new Request(retry, { headers: again }));
        });
      });
    });
  };

  // These elements only carry data for the admin. An empty shadow root keeps their children
  // from rendering; a <style> in <head> would not survive React hydrating the document.
  function hide(element) {
    if (!element.shadowRoot) element.attachShadow({ mode: "open" });
  }
  ["ui-save-bar", "ui-modal"].forEach(function (name) {
    if (!customElements.get(name)) {
      customElements.define(
        name,
        class extends HTMLElement {
          connectedCallback() {
            hide(this);
          }
        },
      );
    }
  });

  function navItems(menu) {
    return Array.prototype.slice.call(menu.querySelectorAll("a")).map(function (link) {
      return { label: (link.textContent || "").trim(), href: link.getAttribute("href"), home: link.getAttribute("rel") === "home" };
    });
  }

  if (!customElements.get("ui-nav-menu")) {
    customElements.define(
      "ui-nav-menu",
      class extends HTMLElement {
        connectedCallback() {
          hide(this);
          var menu = this;
          var report = function () {
            post({ type: "nav", items: navItems(menu) });
          };
          report();
          this.observer = new MutationObserver(report);
          this.observer.observe(this, { childList: true, subtree: true, attributes: true, characterData: true });
        }
        disconnectedCallback() {
          if (this.observer) this.observer.disconnect();
        }
      },
    );
  }
  if (!customElements.get("ui-title-bar")) {
    customElements.define(
      "ui-title-bar",
      class extends HTMLElement {
        static get observedAttributes() {
          return ["title"];
        }
        connectedCallback() {
          hide(this);
          post({ type: "title", title: this.getAttribute("title") || "" });
        }
        attributeChangedCallback() {
          post({ type: "title", title: this.getAttribute("title") || "" });
        }
      },
    );
  }

  window.addEventListener("message", function (event) {
    if (event.origin !== adminOrigin || !event.data || event.data.source !== "standin-admin") return;
    if (event.data.type === "navigate") {
      var menu = document.querySelector("ui-nav-menu");
      var link = menu && menu.querySelector('a[href="' + event.data.href + '"]');
      if (link) link.dispatchEvent(new CustomEvent("shopify:navigate", { bubbles: true }));
    } else if (event.data.type === "scopes-answer") {
      var waiting = scopeRequests[event.data.id];
      delete scopeRequests[event.data.id];
      if (!waiting) return;
      if (event.data.error) waiting.reject(new Error(event.data.error));
      else waiting.resolve(event.data.response);
    }
  });

  // Links into the shop's admin (the theme editor, the customer accounts editor) go where Shopify
  // would send them: the simulated admin's page for that path, in a new tab or the top window.
  function adminUrl(href) {
    return typeof window.simulatedAdminUrl === "function" ? window.simulatedAdminUrl(String(href), shop, adminOrigin) : null;
  }
  function openAdminLink(event) {
    if (event.defaultPrevented || (event.type === "click" && event.button !== 0) || (event.type === "auxclick" && event.button !== 1)) return;
    var anchor = event.target && event.target.closest ? event.target.closest("a[href]") : null;
    var mapped = anchor && adminUrl(anchor.href);
    if (!mapped) return;
    event.preventDefault();
    var newTab = anchor.getAttribute("target") === "_blank" || event.type === "auxclick" || event.ctrlKey || event.metaKey || event.shiftKey;
    window.open(mapped, newTab ? "_blank" : "_top");
  }
  document.addEventListener("click", openAdminLink, true);
  document.addEventListener("auxclick", openAdminLink, true);
  var nativeOpen = window.open;
  window.open = function (url, target, features) {
    var mapped = null;
    try {
      mapped = url ? adminUrl(new URL(String(url), location.href).toString()) : null;
    } catch (error) {
      mapped = null;
    }
    return nativeOpen.call(window, mapped || url, target, features);
  };

  // The grant screen lives in the simulated admin: it asks the merchant and answers with
  // App Bridge's ScopesRequestResponse ({ result: "granted-all" | "declined-all", detail }).
  var scopeRequests = {};
  var scopeRequestCount = 0;
  function scopesEndpoint(init) {
    return nativeFetch("/__simulated-shopify/scopes", init).then(function (response) {
      return response.json().then(function (body) {
        if (!response.ok) throw new Error(body.error || "The simulated Shopify refused the scopes change");
        return body;
      });
    });
  }

  // Keep the admin's address bar in step with the app, as the real admin does.
  ["pushState", "replaceState"].forEach(function (name) {
    var original = history[name];
    history[name] = function () {
      var result = original.apply(this, arguments);
      post({ type: "location", path: location.pathname });
      return result;
    };
  });
  window.addEventListener("popstate", function () {
    post({ type: "location", path: location.pathname });
  });
  post({ type: "location", path: location.pathname });

  var toasts = 0;
  window.shopify = {
    config: { apiKey: apiKey, shop: shop, host: host, locale: params.get("locale") || "en" },
    environment: { embedded: true, mobile: false, pos: false },
    idToken: idToken,
    origin: adminOrigin,
    toast: {
      show: function (message, options) {
        toasts += 1;
        post({ type: "toast", id: toasts, message: String(message), isError: Boolean(options && options.isError) });
        return "toast-" + toasts;
      },
      hide: function () {},
    },
    loading: function (on) {
      post({ type: "loading", on: on !== false });
    },
    // request(): the simulated admin's grant screen (tests/demo/admin-page.ts) asks the merchant.
    // query() and revoke() go to the simulated Shopify (tests/demo/scopes.ts), as App Bridge's do.
    scopes: {
      request: function (scopes) {
        return new Promise(function (resolve, reject) {
          if (window.parent === window) return reject(new Error("The grant screen needs the app opened in the admin"));
          scopeRequestCount += 1;
          scopeRequests[scopeRequestCount] = { resolve: resolve, reject: reject };
          post({ type: "scopes-request", id: scopeRequestCount, scopes: Array.prototype.slice.call(scopes || []).map(String) });
        });
      },
      query: function () {
        return scopesEndpoint({ cache: "no-store" });
      },
      revoke: function (scopes) {
        return scopesEndpoint({ method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ revoke: scopes || [] }) }).then(function (detail) {
          return { detail: detail };
        });
      },
    },
    // Theme app extension status on the published theme, from the simulated store's theme files.
    app: {
      extensions: function () {
        return nativeFetch("/__simulated-shopify/app-extensions").then(function (response) {
          if (!response.ok) throw new Error("The simulated admin could not read the theme");
          return response.json();
        });
      },
    },
    user: function () {
      return Promise.resolve({ name: "Demo Merchant", accountAccess: "Account owner" });
    },
    saveBar: {
      show: function () {
        return Promise.resolve();
      },
      hide: function () {
        return Promise.resolve();
      },
      toggle: function () {
        return Promise.resolve();
      },
    },
  };
})();
