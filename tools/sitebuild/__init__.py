"""``make site``: every dated version of the policy, in every language, as HTML and PDF.

Modules, each small enough to read in one sitting:

- :mod:`.versions`  tag names, annotated tag messages, statuses (pure functions);
- :mod:`.unit`      build one source tree (a tag or the working tree) into HTML,
                    singlehtml and PDF for each language; :func:`.unit.build_ref`;
- :mod:`.pdf`       WeasyPrint from ``singlehtml`` with the print stylesheet;
- :mod:`.driver`    sphinx-polyversion driver: lists tags, checks them out, builds
                    the ones not in the cache, fails naming every tag that failed;
- :mod:`.assemble`  the published site: banners, switchers, versions pages,
                    redlines, ``current/``, the root redirect and ``SHA256SUMS``;
- :mod:`.__main__`  the command line that ``make site`` runs.
"""
