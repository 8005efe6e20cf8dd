/*
 * Autocomplete for procedure search boxes: an ARIA 1.2 combobox with a
 * listbox popup (https://www.w3.org/WAI/ARIA/apg/patterns/combobox/).
 *
 * Enhances every <input data-autocomplete="/api/v1/procedures/autocomplete">.
 * Without JavaScript the input is a plain search box that submits its form.
 * Keys: ArrowDown / ArrowUp move through the suggestions (ArrowDown also
 * opens them), Enter opens the highlighted procedure (or submits the search
 * when none is highlighted), Escape closes the list (and clears the box when
 * it is already closed). Requests are debounced (150 ms) and stale ones are
 * aborted. No inline script, no library: CSP is script-src 'self'.
 */
(function () {
  "use strict";

  if (window.portalAutocomplete) {
    return;
  }

  var DEBOUNCE_MS = 150;
  var MIN_CHARS = 2;
  var counter = 0;
  var english = (document.documentElement.lang || "vi").slice(0, 2) === "en";
  var TEXT = english
    ? {
        none: "No suggestions.",
        count: function (n) { return n + (n === 1 ? " suggestion" : " suggestions") + ", use the up and down arrow keys to choose."; },
        code: "Code"
      }
    : {
        none: "Không có gợi ý.",
        count: function (n) { return "Có " + n + " gợi ý, dùng phím mũi tên lên, xuống để chọn."; },
        code: "Mã"
      };

  function Combobox(input) {
    counter += 1;
    this.input = input;
    this.endpoint = input.getAttribute("data-autocomplete");
    this.items = [];
    this.active = -1;
    this.timer = null;
    this.controller = null;
    this.lastQuery = null;
    this.id = "ac-" + (input.id || counter) + "-" + counter;

    // The list drops down right under the input's own row (header form,
    // or the search page's .search-form__row).
    var container = input.parentNode;
    container.classList.add("ac");

    this.list = document.createElement("ul");
    this.list.id = this.id + "-listbox";
    this.list.className = "ac__list";
    this.list.setAttribute("role", "listbox");
    var label = input.labels && input.labels.length ? input.labels[0] : null;
    if (label) {
      if (!label.id) {
        label.id = this.id + "-label";
      }
      this.list.setAttribute("aria-labelledby", label.id);
    }
    this.list.hidden = true;
    container.appendChild(this.list);

    this.status = document.createElement("div");
    this.status.className = "visually-hidden";
    this.status.setAttribute("role", "status");
    this.status.setAttribute("aria-live", "polite");
    container.appendChild(this.status);

    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", this.list.id);
    input.setAttribute("autocomplete", "off");

    input.addEventListener("input", this.onInput.bind(this));
    input.addEventListener("keydown", this.onKeydown.bind(this));
    input.addEventListener("blur", this.onBlur.bind(this));
    // Keep the focus in the input when an option is clicked.
    this.list.addEventListener("mousedown", function (event) { event.preventDefault(); });
    this.list.addEventListener("click", this.onClick.bind(this));
  }

  Combobox.prototype.onInput = function () {
    var self = this;
    window.clearTimeout(this.timer);
    var query = this.input.value.trim();
    if (query.length < MIN_CHARS) {
      this.abort();
      this.lastQuery = null;
      this.close();
      return;
    }
    if (query === this.lastQuery && this.items.length) {
      this.open();
      return;
    }
    this.timer = window.setTimeout(function () { self.fetch(query); }, DEBOUNCE_MS);
  };

  Combobox.prototype.abort = function () {
    if (this.controller) {
      this.controller.abort();
      this.controller = null;
    }
  };

  Combobox.prototype.fetch = function (query) {
    var self = this;
    this.abort();
    var controller = "AbortController" in window ? new AbortController() : null;
    this.controller = controller;
    var url = this.endpoint + (this.endpoint.indexOf("?") === -1 ? "?" : "&") + "q=" + encodeURIComponent(query);
    window.fetch(url, {
      headers: { Accept: "application/json" },
      credentials: "same-origin",
      signal: controller ? controller.signal : undefined
    })
      .then(function (response) {
        if (!response.ok) {
          throw new Error("HTTP " + response.status);
        }
        return response.json();
      })
      .then(function (data) {
        if (self.controller !== controller || self.input.value.trim() !== query) {
          return; // a newer request is under way
        }
        self.controller = null;
        self.lastQuery = query;
        self.render((data && data.results) || []);
      })
      .catch(function (error) {
        if (error && error.name === "AbortError") {
          return;
        }
        self.close();
      });
  };

  Combobox.prototype.render = function (items) {
    var self = this;
    this.items = items;
    this.active = -1;
    this.input.removeAttribute("aria-activedescendant");
    while (this.list.firstChild) {
      this.list.removeChild(this.list.firstChild);
    }
    if (document.activeElement !== this.input) {
      this.close();
      return;
    }
    if (!items.length) {
      this.close();
      this.status.textContent = TEXT.none;
      return;
    }
    items.forEach(function (item, index) {
      var option = document.createElement("li");
      option.id = self.id + "-option-" + index;
      option.setAttribute("role", "option");
      option.setAttribute("aria-selected", "false");
      option.className = "ac__option";
      var name = document.createElement("span");
      name.className = "ac__name";
      name.textContent = item.name;
      var code = document.createElement("span");
      code.className = "ac__code";
      code.textContent = TEXT.code + " " + item.code;
      option.appendChild(name);
      option.appendChild(document.createTextNode(" "));
      option.appendChild(code);
      self.list.appendChild(option);
    });
    this.open();
    this.status.textContent = TEXT.count(items.length);
  };

  Combobox.prototype.open = function () {
    if (!this.items.length) {
      return;
    }
    this.list.hidden = false;
    this.input.setAttribute("aria-expanded", "true");
  };

  Combobox.prototype.close = function () {
    this.list.hidden = true;
    this.input.setAttribute("aria-expanded", "false");
    this.input.removeAttribute("aria-activedescendant");
    this.setActive(-1);
  };

  Combobox.prototype.isOpen = function () {
    return !this.list.hidden;
  };

  Combobox.prototype.setActive = function (index) {
    var options = this.list.children;
    for (var i = 0; i < options.length; i += 1) {
      options[i].setAttribute("aria-selected", i === index ? "true" : "false");
    }
    this.active = index;
    if (index >= 0 && options[index]) {
      this.input.setAttribute("aria-activedescendant", options[index].id);
      if (options[index].scrollIntoView) {
        options[index].scrollIntoView({ block: "nearest" });
      }
    } else {
      this.input.removeAttribute("aria-activedescendant");
    }
  };

  Combobox.prototype.choose = function (index) {
    var item = this.items[index];
    if (!item) {
      return;
    }
    this.input.value = item.name;
    this.close();
    if (item.url) {
      window.location.assign(item.url);
    } else if (this.input.form) {
      this.input.form.submit();
    }
  };

  Combobox.prototype.onKeydown = function (event) {
    var count = this.items.length;
    switch (event.key) {
      case "ArrowDown":
      case "Down":
        if (!count) {
          return;
        }
        event.preventDefault();
        if (!this.isOpen()) {
          this.open();
          this.setActive(0);
        } else {
          this.setActive(this.active + 1 >= count ? 0 : this.active + 1);
        }
        break;
      case "ArrowUp":
      case "Up":
        if (!count) {
          return;
        }
        event.preventDefault();
        if (!this.isOpen()) {
          this.open();
          this.setActive(count - 1);
        } else {
          this.setActive(this.active <= 0 ? count - 1 : this.active - 1);
        }
        break;
      case "Enter":
        if (this.isOpen() && this.active >= 0) {
          event.preventDefault();
          this.choose(this.active);
        }
        break;
      case "Escape":
      case "Esc":
        if (this.isOpen()) {
          event.preventDefault();
          this.close();
        } else if (this.input.value) {
          event.preventDefault();
          this.input.value = "";
          this.lastQuery = null;
          this.items = [];
        }
        break;
      case "Tab":
        this.close();
        break;
      default:
        break;
    }
  };

  Combobox.prototype.onBlur = function () {
    this.abort();
    this.close();
  };

  Combobox.prototype.onClick = function (event) {
    var option = event.target.closest("[role=option]");
    if (!option) {
      return;
    }
    var index = Array.prototype.indexOf.call(this.list.children, option);
    this.choose(index);
  };

  // The option styles live in search.css, loaded by the search page; other
  // pages with a header search box get it from the URL the page gives in
  // data-styles (the hashed one of the manifest storage: one URL only).
  function ensureStyles() {
    if (document.querySelector('link[href*="css/search"]')) {
      return;
    }
    var script = document.querySelector('script[src*="js/autocomplete"]');
    if (!script || !script.src) {
      return;
    }
    var link = document.createElement("link");
    link.rel = "stylesheet";
    link.href = script.getAttribute("data-styles") ||
      script.src.replace(/js\/autocomplete(\.[0-9a-f]{8,})?\.js(\?.*)?$/, "css/search.css");
    document.head.appendChild(link);
  }

  function enhance(root) {
    ensureStyles();
    var inputs = (root || document).querySelectorAll("input[data-autocomplete]");
    Array.prototype.forEach.call(inputs, function (input) {
      if (!input.hasAttribute("data-autocomplete-ready") && window.fetch) {
        input.setAttribute("data-autocomplete-ready", "");
        new Combobox(input);
      }
    });
  }

  window.portalAutocomplete = { enhance: enhance };
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { enhance(); });
  } else {
    enhance();
  }
})();
