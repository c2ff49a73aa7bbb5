"""``make site``: every dated version of the policy, in every language, as HTML and PDF.

Modules, each small enough to read in one sitting:

- :mod:`.ledger`    the ledger ``policy/versions.yaml``: parsing and checks (pure functions);
- :mod:`.ledger_repo` the ledger against git: commits, languages, the append-only
                    base, the tags; ``make check``'s ledger check and ``make tags``;
- :mod:`.versions`  a version (from its ledger entry) and statuses (pure functions);
- :mod:`.unit`      build one source tree (a tag or the working tree) into HTML,
                    singlehtml and PDF for each language; :func:`.unit.build_ref`;
- :mod:`.pdf`       WeasyPrint from ``singlehtml`` with the print stylesheet;
- :mod:`.driver`    sphinx-polyversion driver: extracts each ledger entry's commit,
                    builds the ones not in the cache, fails naming every version that failed;
- :mod:`.assemble`  the published site: banners, switchers, versions pages,
                    redlines, ``current/``, the root redirect and ``SHA256SUMS``;
- :mod:`.feeds`     the Atom feed of versions per language (lxml);
- :mod:`.catalog_json` ``versions.json``, every version for programs;
- :mod:`.__main__`  the command line that ``make site`` runs.
"""
