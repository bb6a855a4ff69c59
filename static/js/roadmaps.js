// Roadmaps: drag-and-drop and upload progress for document forms; small htmx helpers.
// Progressive enhancement: every form posts normally without JavaScript.
(function () {
  "use strict";

  function setupUploadForm(form) {
    var input = form.querySelector("input[type=file]");
    var progress = form.querySelector(".upload-progress");
    var status = form.querySelector(".upload-status");
    if (!input || !window.FormData || !window.XMLHttpRequest) return;

    var zone = form.querySelector(".drop-zone") || form;
    ["dragenter", "dragover"].forEach(function (name) {
      zone.addEventListener(name, function (event) {
        event.preventDefault();
        zone.classList.add("is-dragover");
      });
    });
    ["dragleave", "drop"].forEach(function (name) {
      zone.addEventListener(name, function (event) {
        event.preventDefault();
        zone.classList.remove("is-dragover");
      });
    });
    zone.addEventListener("drop", function (event) {
      if (event.dataTransfer && event.dataTransfer.files.length) {
        input.files = event.dataTransfer.files;
        if (status) status.textContent = "Выбран файл: " + input.files[0].name;
      }
    });

    form.addEventListener("submit", function (event) {
      if (!input.files || !input.files.length) return;
      event.preventDefault();
      var xhr = new XMLHttpRequest();
      xhr.open("POST", form.action);
      xhr.setRequestHeader("X-Upload-Progress", "1");
      xhr.upload.addEventListener("progress", function (e) {
        if (!e.lengthComputable || !progress) return;
        var pct = Math.round((e.loaded / e.total) * 100);
        progress.hidden = false;
        progress.value = pct;
        progress.textContent = pct + "%";
        if (status) status.textContent = "Загружено " + pct + "%";
      });
      xhr.addEventListener("load", function () {
        // The server names the page to show next (with its messages); anything else: reload the form's page.
        window.location.assign(xhr.getResponseHeader("X-Redirect") || window.location.href);
      });
      xhr.addEventListener("error", function () {
        if (status) status.textContent = "Не удалось загрузить файл: проверьте соединение и попробуйте ещё раз.";
        if (progress) progress.hidden = true;
      });
      var buttons = form.querySelectorAll("button[type=submit]");
      buttons.forEach(function (b) { b.disabled = true; });
      if (status) status.textContent = "Загрузка…";
      xhr.send(new FormData(form));
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("form.upload-form").forEach(setupUploadForm);

    // After an htmx "add" succeeds the new row is appended: clear the form and drop the "nothing yet" note.
    document.body.addEventListener("htmx:afterRequest", function (event) {
      var form = event.detail.elt;
      if (!form || !form.matches || !form.matches("form[data-reset-on-success]")) return;
      var xhr = event.detail.xhr;
      if (event.detail.successful && !(xhr && xhr.getResponseHeader("HX-Retarget"))) {
        form.reset();
        var list = document.querySelector(form.getAttribute("hx-target"));
        var empty = list && list.querySelector(".rm-empty");
        if (empty) empty.remove();
      }
    });
  });
})();
