/* Kiosk look-up: read the receipt's QR code (the tracking link with the
   dossier code ``ma`` and look-up secret ``mtc``) with the camera where the
   browser offers BarcodeDetector; the typed form stays for the others. */
(function () {
  "use strict";
  var box = document.querySelector("[data-scan]");
  var form = document.querySelector("[data-lookup-form]");
  if (!box || !form || !("BarcodeDetector" in window) || !navigator.mediaDevices) return;
  var video = box.querySelector("[data-scan-video]");
  var status = box.querySelector("[data-scan-status]");
  var start = box.querySelector("[data-scan-start]");
  var stream = null;
  box.hidden = false;

  function stop() {
    if (stream) stream.getTracks().forEach(function (track) { track.stop(); });
    stream = null;
  }

  function codes(text) {
    try {
      var url = new URL(text, window.location.origin);
      return { ma: url.searchParams.get("ma") || "", mtc: url.searchParams.get("mtc") || "" };
    } catch (e) {
      return { ma: "", mtc: "" };
    }
  }

  function submit(found) {
    stop();
    form.querySelector("[name=ma]").value = found.ma.slice(0, 40);
    form.querySelector("[name=mtc]").value = found.mtc.slice(0, 16);
    form.submit();
  }

  start.addEventListener("click", function () {
    var detector;
    try {
      detector = new window.BarcodeDetector({ formats: ["qr_code"] });
    } catch (e) {
      box.hidden = true;
      return;
    }
    navigator.mediaDevices
      .getUserMedia({ video: { facingMode: "user" }, audio: false })
      .then(function (s) {
        stream = s;
        video.srcObject = s;
        return video.play();
      })
      .then(function () {
        status.textContent = box.getAttribute("data-scanning") || "";
        var tick = function () {
          if (!stream) return;
          detector
            .detect(video)
            .then(function (found) {
              for (var i = 0; i < found.length; i += 1) {
                var c = codes(found[i].rawValue || "");
                if (c.ma && c.mtc) return submit(c);
              }
              window.setTimeout(tick, 300);
            })
            .catch(function () { window.setTimeout(tick, 600); });
        };
        tick();
      })
      .catch(function () {
        status.textContent = box.getAttribute("data-no-camera") || "";
        stop();
      });
  });
  window.addEventListener("pagehide", stop);
})();
