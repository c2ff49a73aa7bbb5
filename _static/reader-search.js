// Sphinx's search stores the searched words in localStorage, for the page a
// result leads to (sphinx_highlight.js) to highlight. Words a reader searched a
// privacy policy for stay with the reader: turn that off. Sphinx's
// searchtools.js reads this constant.
const SPHINX_HIGHLIGHT_ENABLED = false;
