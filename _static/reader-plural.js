// Sphinx's doctools.js turns a message catalog's plural rule into code with
// new Function(), which the Content-Security-Policy forbids ('unsafe-eval').
// This replaces Documentation.addTranslations with one that looks the rule up
// instead; loaded right after doctools.js, before translations.js.
(() => {
  const rules = {
    "(n != 1)": (n) => Number(n !== 1),
    "(n > 1)": (n) => Number(n > 1),
    "0": () => 0,
  };
  Documentation.addTranslations = (catalog) => {
    Object.assign(Documentation.TRANSLATIONS, catalog.messages);
    const rule = rules[String(catalog.plural_expr).trim()];
    Documentation.PLURAL_EXPR = rule || ((n) => Number(n !== 1));
    Documentation.LOCALE = catalog.locale;
  };
})();
