// htmx swaps no 4xx answer by default; the enquiry form's 400 (with the errors shown
// on the form) and 429 (too many enquiries) are meant to replace the form.
document.addEventListener("htmx:beforeSwap", function (event) {
  var status = event.detail.xhr.status;
  var elt = event.detail.elt;
  if ((status === 400 || status === 429) && elt && elt.closest && elt.closest("[data-swap-errors]")) {
    event.detail.shouldSwap = true;
    event.detail.isError = false;
  }
});
