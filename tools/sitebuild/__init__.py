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
- :mod:`.model`     the site's model: the versions, what was built for each
                    (:class:`~.model.Built`), their statuses on the build date
                    (:class:`~.model.SiteState`);
- :mod:`.layout`    every path and URL of the site and of a build in the cache;
- :mod:`.views`     the view-models the templates get (bar, notices, versions page, page frame, footer);
- :mod:`.pages`     the pages: each version's with bar and notice, ``current/``, versions
                    pages, redlines, redirects;
- :mod:`.writers`   the other outputs, one writer each, in one list: adding an output is
                    one module with ``write(state, site)`` and one line there;
- :mod:`.notices`   each version's machine-readable notice, ``notice.jsonld`` (W3C DPV), derived
                    from the newest processing data re-anchored in that version's text (a writer);
- :mod:`.catalog_json` ``versions.json``, every version for programs (a writer);
- :mod:`.feeds`     the Atom feed of versions per language, lxml (a writer);
- :mod:`.manifest`  ``SHA256SUMS`` of every published file (the last writer);
- :mod:`.staging`   the site is written aside, then swapped in;
- :mod:`.assemble`  pages, then writers, into the staged site;
- :mod:`.__main__`  the command line that ``make site`` runs.

Imports go one way: layout ← model ← views ← pages; model ← writers; pages and writers ← assemble.
"""
