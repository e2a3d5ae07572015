// Submits a GET form as soon as a control marked data-submit-on-change changes (the sort select).
// Without JavaScript the form's own button does the same.
for (const control of document.querySelectorAll('form[data-auto-submit] [data-submit-on-change]')) {
  control.addEventListener('change', () => {
    const form = control.form;
    if (form && form.reportValidity()) form.requestSubmit();
  });
}
