/* RadSite: the exam guide's print control. The control is hidden in the HTML and shown here, so a page
   without JavaScript never offers a button that does nothing. */
(function () {
  "use strict";
  Array.prototype.forEach.call(document.querySelectorAll("[data-rs-print]"), function (box) {
    var button = box.querySelector("button");
    if (!button || typeof window.print !== "function") return;
    box.hidden = false;
    button.addEventListener("click", function () { window.print(); });
  });
})();
