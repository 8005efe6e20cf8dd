/* Lobby board: polls /bang-dien-tu/du-lieu.json, redraws the counters and
   figures without reloading, announces each new call ("Mời số 1023 đến
   quầy 5") with speechSynthesis when the browser has a Vietnamese voice and
   always with a visible flash, and says since when its data is stale when
   the server cannot be reached. A restart of the server only delays the
   next answer; calls are asked for after the last id announced. */
(function () {
  "use strict";
  var body = document.body;
  var url = body.getAttribute("data-board-url");
  var lastCall = parseInt(body.getAttribute("data-last-call"), 10) || 0;
  var poll = (parseInt(body.getAttribute("data-poll"), 10) || 5) * 1000;
  var stale = (parseInt(body.getAttribute("data-stale"), 10) || 60) * 1000;
  var i18n = document.querySelector("[data-i18n]");
  var banner = document.querySelector("[data-stale-banner]");
  var since = document.querySelector("[data-stale-since]");
  var flash = document.querySelector("[data-flash]");
  var clock = document.querySelector("[data-clock]");
  var lastOk = Date.now();
  var lastHm = since ? since.textContent : "";
  var queue = [];
  var busy = false;
  var voice = null;

  function text(name, values) {
    var s = i18n.getAttribute("data-" + name) || "";
    Object.keys(values || {}).forEach(function (key) {
      s = s.split("{" + key + "}").join(String(values[key]));
    });
    return s;
  }

  function pickVoice() {
    if (!("speechSynthesis" in window)) return;
    var voices = window.speechSynthesis.getVoices() || [];
    voice = null;
    for (var i = 0; i < voices.length; i += 1) {
      if ((voices[i].lang || "").toLowerCase().indexOf("vi") === 0) { voice = voices[i]; break; }
    }
    body.setAttribute("data-voice", voice ? voice.lang : "none");
  }
  if ("speechSynthesis" in window) {
    pickVoice();
    window.speechSynthesis.addEventListener("voiceschanged", pickVoice);
  }

  function el(tag, cls, content) {
    var node = document.createElement(tag);
    if (cls) node.className = cls;
    if (content !== undefined && content !== null) node.textContent = String(content);
    return node;
  }

  function announceNext() {
    if (busy || !queue.length) return;
    busy = true;
    var call = queue.shift();
    var shown = text("call", { number: call.number, counter: call.counter });
    flash.textContent = shown;
    flash.hidden = false;
    body.setAttribute("data-announced", shown);
    if (voice) {
      var u = new window.SpeechSynthesisUtterance(text("speech", { number: call.number, counter: call.counter }));
      u.lang = "vi-VN";
      u.voice = voice;
      u.rate = 0.9;
      window.speechSynthesis.speak(u);
    }
    window.setTimeout(function () {
      flash.hidden = true;
      busy = false;
      announceNext();
    }, 6000);
  }

  function drawCounters(counters) {
    var list = document.querySelector("[data-counters]");
    var items = counters.map(function (c) {
      var li = el("li", "board-counter" + (c.serving ? " is-serving" : ""));
      li.appendChild(el("span", "board-counter__name", text("counter", { counter: c.number })));
      li.appendChild(el("span", "board-counter__number", c.serving || "—"));
      li.appendChild(el("span", "board-counter__agency", c.agency));
      return li;
    });
    if (!items.length) items = [el("li", "board-counter", text("none"))];
    list.replaceChildren.apply(list, items);
  }

  function cells(tr, figures) {
    ["received", "resolved", "on_time", "late"].forEach(function (key) {
      tr.appendChild(el("td", key === "late" ? "late" : "", figures[key]));
    });
  }

  function row(name, today, month) {
    var tr = el("tr");
    var th = el("th", "", name);
    th.setAttribute("scope", "row");
    tr.appendChild(th);
    cells(tr, today);
    cells(tr, month);
    return tr;
  }

  function draw(data) {
    drawCounters(data.counters);
    document.querySelector("[data-waiting]").textContent = data.waiting;
    var tbody = document.querySelector("[data-agencies]");
    tbody.replaceChildren.apply(tbody, data.agencies.map(function (a) { return row(a.name, a.today, a.month); }));
    var tfoot = document.querySelector("[data-total]");
    tfoot.replaceChildren(row(text("total"), data.total.today, data.total.month));
    document.querySelector("[data-month]").textContent = data.month;
    document.querySelector("[data-satisfaction]").textContent =
      data.satisfaction_rate === null ? "—" : String(data.satisfaction_rate).replace(".", ",") + "%";
    document.querySelector("[data-rated]").textContent = text("rated", { n: data.rated });
    data.calls.forEach(function (call) {
      if (call.id > lastCall) {
        lastCall = call.id;
        queue.push(call);
      }
    });
    announceNext();
  }

  function tick() {
    fetch(url + "?sau=" + lastCall, { cache: "no-store", headers: { Accept: "application/json" } })
      .then(function (response) {
        if (!response.ok) throw new Error(response.status);
        return response.json();
      })
      .then(function (data) {
        lastOk = Date.now();
        lastHm = data.generated_hm;
        banner.hidden = true;
        body.classList.remove("is-stale");
        draw(data);
      })
      .catch(function () { /* shown by the stale check below */ })
      .then(function () { window.setTimeout(tick, poll); });
  }

  window.setInterval(function () {
    var now = new Date();
    if (clock) clock.textContent = ("0" + now.getHours()).slice(-2) + ":" + ("0" + now.getMinutes()).slice(-2);
    if (Date.now() - lastOk > stale) {
      since.textContent = lastHm;
      banner.hidden = false;
      body.classList.add("is-stale");
    }
  }, 1000);
  window.setTimeout(tick, poll);
})();
