// The language switch (a header button, book/_ext/crmlab_book.py) goes to the same page in
// the other edition; this keeps the reader's place on it (the #section the URL names).
document.addEventListener("click", (event) => {
  const link = event.target.closest("a.btn-language-switch");
  if (link && window.location.hash && !link.href.includes("#")) {
    link.href = link.href + window.location.hash;
  }
});
