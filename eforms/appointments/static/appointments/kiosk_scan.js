/* Kiosk check-in: read the appointment's QR code (its code, or a link that
   ends with it) with the camera where the browser offers BarcodeDetector,
   put it in the code field and send the form; typing stays for the others. */
(function () {
  "use strict";
  var box = document.querySelector("[data-appt-scan]");
  var form = document.querySelector("[data-appt-form]");
  if (!box || !form || !("BarcodeDetector" in window) || !navigator.mediaDevices) return;
  var video = box.querySelector("video");
  var start = box.querySelector("button");
  var status = box.querySelector("[data-scan-status]");
  var stream = null;
  box.hidden = false;

  function stop() {
    if (stream) stream.getTracks().forEach(function (track) { track.stop(); });
    stream = null;
  }

  start.addEventListener("click", function () {
    var detector;
    try {
      detector = new window.BarcodeDetector({ formats: ["qr_code"] });
    } catch (e) {
      box.hidden = true;
      return;
    }
    navigator.mediaDevices.getUserMedia({ video: { facingMode: "user" }, audio: false })
      .then(function (s) { stream = s; video.srcObject = s; return video.play(); })
      .then(function () {
        status.textContent = box.getAttribute("data-scanning") || "";
        var tick = function () {
          if (!stream) return;
          detector.detect(video).then(function (found) {
            if (found.length && found[0].rawValue) {
              stop();
              form.querySelector("[name=ma]").value = found[0].rawValue.slice(0, 300);
              form.submit();
              return;
            }
            window.setTimeout(tick, 250);
          }).catch(function () { window.setTimeout(tick, 500); });
        };
        tick();
      })
      .catch(function () { status.textContent = box.getAttribute("data-no-camera") || ""; stop(); });
  });
  window.addEventListener("pagehide", stop);
})();
