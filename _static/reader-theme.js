// Furo's colour theme, chosen with its toggle: "light", "dark" or "auto".
// It is kept in this browser's localStorage under "theme" and never leaves it.
// (Moved here from Furo's inline script, so the Content-Security-Policy can
// forbid inline scripts.)
document.body.dataset.theme = localStorage.getItem("theme") || "auto";
