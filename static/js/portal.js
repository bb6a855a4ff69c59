// Small progressive enhancements; every page works without JavaScript.
document.addEventListener("DOMContentLoaded", function () {
  // Confirm dangerous actions: <button data-confirm="Текст">
  document.body.addEventListener("click", function (event) {
    var el = event.target.closest("[data-confirm]");
    if (el && !window.confirm(el.getAttribute("data-confirm"))) {
      event.preventDefault();
    }
  });

  // Phones: the main menu folds behind «Меню» (the button is hidden until this script runs).
  var toggle = document.querySelector(".nav-toggle");
  if (toggle) {
    var nav = toggle.closest(".main-nav");
    nav.classList.add("is-collapsible");
    toggle.hidden = false;
    toggle.addEventListener("click", function () {
      var open = toggle.getAttribute("aria-expanded") !== "true";
      toggle.setAttribute("aria-expanded", open ? "true" : "false");
      nav.classList.toggle("is-open", open);
    });
  }

  // A table wider than its box scrolls inside it: say so above it, and let the keyboard scroll it too.
  function markWideTables() {
    document.querySelectorAll(".table-wrap").forEach(function (box) {
      var wide = box.scrollWidth > box.clientWidth + 1;
      box.classList.toggle("is-scrollable", wide);
      var hint = box.previousElementSibling;
      var hasHint = hint && hint.classList.contains("table-hint");
      if (wide && !hasHint) {
        hint = document.createElement("p");
        hint.className = "table-hint";
        hint.textContent = "Таблица шире экрана — прокрутите её вбок →";
        box.parentNode.insertBefore(hint, box);
      } else if (!wide && hasHint) {
        hint.remove();
      }
      if (wide) {
        box.setAttribute("tabindex", "0");
        box.setAttribute("role", "region");
        if (!box.hasAttribute("aria-label")) {
          var caption = box.querySelector("caption");
          box.setAttribute("aria-label", caption ? caption.textContent.trim() : "Таблица");
        }
      }
    });
  }
  markWideTables();

  // A report the user waited for downloads by itself once the poll says it is ready (no second click).
  document.body.addEventListener("htmx:afterSwap", function () {
    var link = document.querySelector("a[data-autodownload]");
    if (link) {
      link.removeAttribute("data-autodownload");
      window.location.href = link.href;
    }
  });
  window.addEventListener("resize", markWideTables);
  document.body.addEventListener("htmx:afterSettle", markWideTables);
});

// Menu groups are <details> (keyboard-accessible without JavaScript); with it, one group is open at a time,
// Escape closes the open group and returns focus to its title, and a click elsewhere closes it.
document.addEventListener("DOMContentLoaded", function () {
  var groups = Array.prototype.slice.call(document.querySelectorAll(".main-nav .nav-group details"));
  if (!groups.length) return;
  groups.forEach(function (group) {
    group.addEventListener("toggle", function () {
      if (!group.open) return;
      groups.forEach(function (other) { if (other !== group) other.open = false; });
    });
  });
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") return;
    groups.forEach(function (group) {
      if (group.open) {
        group.open = false;
        group.querySelector("summary").focus();
      }
    });
  });
  document.addEventListener("click", function (event) {
    groups.forEach(function (group) {
      if (group.open && !group.contains(event.target)) group.open = false;
    });
  });
});
