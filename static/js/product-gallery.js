// Product image gallery: a thumbnail shows its image in the main frame instead of opening the file.
// Without JavaScript each thumbnail is a plain link to the full image.
for (const gallery of document.querySelectorAll('[data-gallery]')) {
  const main = gallery.querySelector('[data-gallery-main]');
  if (!main) continue;
  gallery.addEventListener('click', (event) => {
    const thumb = event.target.closest('[data-gallery-thumb]');
    if (!thumb || event.metaKey || event.ctrlKey || event.shiftKey) return;
    event.preventDefault();
    // With srcset the browser picks a size; src alone would not change the picture it shows.
    if (thumb.dataset.srcset) main.srcset = thumb.dataset.srcset;
    else main.removeAttribute('srcset');
    main.src = thumb.getAttribute('href');
    main.alt = thumb.dataset.alt || '';
    for (const other of gallery.querySelectorAll('[data-gallery-thumb]')) other.removeAttribute('aria-current');
    thumb.setAttribute('aria-current', 'true');
  });
}
