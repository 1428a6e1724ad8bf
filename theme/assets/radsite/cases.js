/* RadSite teaching cases: image zoom (keyboard: + - 0, arrows, Page Up/Down to step, Escape) and quiz
   feedback. No library, nothing from another origin. Before the reveal the form has no answer to check
   (its button is disabled); after it, answering opens the collapsed answer. */
(function () {
  "use strict";

  // Words of another language (radsite/cases.html writes them on its pages, radsite.locales); English by default.
  var block = document.getElementById("rs-case-words");
  var WORDS = block ? JSON.parse(block.textContent) : {};
  function w(english) {
    var text = WORDS[english] || english;
    return text.replace(/[&<>"]/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" }[c];
    });
  }

  function zoom() {
    var links = document.querySelectorAll("a[data-rs-zoom]");
    if (!links.length || typeof HTMLDialogElement !== "function") return;
    var dialog = document.createElement("dialog");
    dialog.className = "rs-zoom-dialog";
    dialog.setAttribute("aria-label", WORDS["Enlarged image"] || "Enlarged image");
    dialog.innerHTML =
      '<div class="rs-zoom-bar">' +
      '<button type="button" data-act="out" aria-label="' + w("Zoom out") + '">\u2212</button>' +
      '<output class="rs-zoom-level" aria-live="polite">100%</output>' +
      '<button type="button" data-act="in" aria-label="' + w("Zoom in") + '">+</button>' +
      '<button type="button" data-act="fit">' + w("Fit") + '</button>' +
      '<button type="button" data-act="prev">' + w("Previous image") + '</button>' +
      '<output class="rs-zoom-count" aria-live="polite"></output>' +
      '<button type="button" data-act="next">' + w("Next image") + '</button>' +
      '<button type="button" data-act="close">' + w("Close") + '</button></div>' +
      '<div class="rs-zoom-view" tabindex="0" role="group" aria-label="' + w("Image; use the arrow keys to move around") + '">' +
      '<img alt=""></div>' +
      '<p class="rs-zoom-help">' + w("Keys: + and \u2212 zoom, 0 fits, arrow keys move, Page Up and Page Down step, Escape closes.") + "</p>";
    document.body.appendChild(dialog);
    var img = dialog.querySelector("img");
    var view = dialog.querySelector(".rs-zoom-view");
    var level = dialog.querySelector(".rs-zoom-level");
    var count = dialog.querySelector(".rs-zoom-count");
    var scale = 1;
    var opener = null;
    var current = 0;
    var single = links.length < 2;
    Array.prototype.forEach.call(dialog.querySelectorAll("[data-act=prev], [data-act=next], .rs-zoom-count"), function (el) {
      el.hidden = single;
    });

    function setScale(next) {
      scale = Math.min(8, Math.max(1, next));
      img.style.width = scale * 100 + "%";
      img.style.maxWidth = scale === 1 ? "100%" : "none";
      level.textContent = Math.round(scale * 100) + "%";
    }
    function show(index) {
      current = (index + links.length) % links.length;
      var link = links[current];
      var thumb = link.querySelector("img");
      img.src = link.getAttribute("href");
      img.alt = thumb ? thumb.alt : "";
      count.textContent = (WORDS["Image {n} of {count}"] || "Image {n} of {count}")
        .replace("{n}", String(current + 1))
        .replace("{count}", String(links.length));
      setScale(1);
    }
    function open(index) {
      opener = links[index];
      show(index);
      dialog.showModal();
      view.focus();
    }
    Array.prototype.forEach.call(links, function (link, index) {
      link.addEventListener("click", function (event) {
        event.preventDefault();
        open(index);
      });
    });
    dialog.addEventListener("click", function (event) {
      var act = event.target.getAttribute && event.target.getAttribute("data-act");
      if (act === "in") setScale(scale * 1.5);
      else if (act === "out") setScale(scale / 1.5);
      else if (act === "fit") setScale(1);
      else if (act === "prev") show(current - 1);
      else if (act === "next") show(current + 1);
      else if (act === "close") dialog.close();
      else if (event.target === dialog) dialog.close(); /* a click on the backdrop */
    });
    dialog.addEventListener("keydown", function (event) {
      if (event.key === "+" || event.key === "=") setScale(scale * 1.5);
      else if (event.key === "-" || event.key === "_") setScale(scale / 1.5);
      else if (event.key === "0") setScale(1);
      else if (!single && (event.key === "PageDown" || event.key === "n")) show(current + 1);
      else if (!single && (event.key === "PageUp" || event.key === "p")) show(current - 1);
      else return;
      event.preventDefault();
    });
    dialog.addEventListener("close", function () {
      if (opener) opener.focus();
    });
  }

  function quiz() {
    Array.prototype.forEach.call(document.querySelectorAll("form[data-rs-quiz]"), function (form) {
      var answer = form.getAttribute("data-answer");
      if (answer === null) return; /* before the reveal: nothing to check against */
      var details = document.querySelector("details[data-rs-answer]");
      var explanation = form.getAttribute("data-explanation") || "";
      var feedback = form.querySelector(".rs-quiz__feedback");
      form.addEventListener("submit", function (event) {
        event.preventDefault();
        var picked = form.querySelector("input[type=radio]:checked");
        Array.prototype.forEach.call(form.querySelectorAll(".rs-quiz__choice"), function (choice) {
          choice.classList.remove("is-correct", "is-wrong");
          var input = choice.querySelector("input");
          if (input.value === answer) choice.classList.add("is-correct");
          else if (picked && input === picked) choice.classList.add("is-wrong");
        });
        if (!picked) {
          feedback.textContent = form.getAttribute("data-first") || "Choose an answer first.";
          feedback.className = "rs-quiz__feedback";
          return;
        }
        var right = picked.value === answer;
        feedback.className = "rs-quiz__feedback " + (right ? "is-correct" : "is-wrong");
        // Words of another language come from the form (radsite/cases.html, radsite.locales); English by default.
        var words = form.getAttribute(right ? "data-right" : "data-wrong");
        var line = words
          ? words.replace("{answer}", answer).replace("{picked}", picked.value)
          : right
            ? "Correct: \u201c" + answer + "\u201d."
            : "Not quite. You chose \u201c" + picked.value + "\u201d; the correct answer is \u201c" + answer + "\u201d.";
        feedback.textContent = line +
          (explanation ? " " + explanation : "");
        if (details) details.open = true;
      });
    });
  }

  zoom();
  quiz();
})();
