/* Report builder: "draft DOCX" downloads the report with the number, date and tasks typed in
   the issue form, without sending the form's CSRF token in the URL. */
(function () {
  "use strict";
  const button = document.getElementById("draft-docx");
  if (!button) return;
  button.addEventListener("click", function () {
    const form = document.getElementById("issue-form");
    const params = new URLSearchParams();
    for (const [key, value] of new FormData(form).entries()) {
      if (key !== "csrfmiddlewaretoken" && key !== "query") params.append(key, value);
    }
    window.location.href = button.dataset.url + "?" + params.toString();
  });
})();
