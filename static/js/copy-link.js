/* "Kopiér link": a button after every [data-copy-link] link that copies the link's absolute
   address with the Clipboard API and says so in a polite live region (#copy-link-status).
   Progressive enhancement: without JavaScript, or without the Clipboard API (plain http),
   the link itself is the permalink and no button is shown. Texts come from the live
   region's data attributes (translated in the template). */
(function () {
  "use strict";
  var status = document.getElementById("copy-link-status");
  if (!status || !navigator.clipboard || !window.isSecureContext) {
    return;
  }
  var label = status.getAttribute("data-label");
  var done = status.getAttribute("data-done");
  var failed = status.getAttribute("data-failed");
  var links = document.querySelectorAll("a[data-copy-link]");
  Array.prototype.forEach.call(links, function (link) {
    var button = document.createElement("button");
    button.type = "button";
    button.className = "copy-link";
    button.textContent = label;
    var name = link.getAttribute("data-copy-name");
    if (name) {
      button.setAttribute("aria-label", label + ": " + name);
    }
    button.addEventListener("click", function () {
      status.textContent = "";
      navigator.clipboard.writeText(link.href).then(
        function () { status.textContent = done; },
        function () { status.textContent = failed; }
      );
    });
    link.insertAdjacentElement("afterend", button);
  });
})();
