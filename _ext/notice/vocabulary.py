"""The pinned W3C Data Privacy Vocabulary (DPV 2.3): prefixes and the concepts that exist. Pure, no Sphinx.

``data/dpv/concepts.txt`` lists every IRI DPV 2.3 declares (see ``data/dpv/README.md``);
``data/dpv/context.jsonld`` names the prefixes. A concept is written ``prefix:Name``
(``pd:EmailAddress``) in ``policy/dpv.yaml`` and in the notice.
"""

from __future__ import annotations

import difflib
import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

DPV_DIR = Path(__file__).resolve().parent / "data" / "dpv"
#: The DPV release the concept list is taken from.
DPV_VERSION = "2.3"
DPV_VERSION_IRI = f"https://w3id.org/dpv/{DPV_VERSION}"
#: The prefixes whose IRIs must exist in the concept list (the others, rdfs, dct, ..., are not DPV).
DPV_PREFIXES = ("dpv", "pd", "eu-gdpr", "legal-eu", "legal-dk", "loc")


@dataclass(frozen=True)
class Vocabulary:
    """DPV's prefixes and the IRIs it declares."""

    prefixes: dict[str, str]
    concepts: frozenset[str]

    def expand(self, curie: str) -> str | None:
        """The full IRI of ``prefix:Name``, or None when the prefix is not one of DPV's."""
        prefix, _, name = curie.partition(":")
        if prefix not in DPV_PREFIXES or not name:
            return None
        return self.prefixes[prefix] + name

    def exists(self, curie: str) -> bool:
        iri = self.expand(curie)
        return iri is not None and iri in self.concepts

    def closest(self, curie: str) -> str | None:
        """The existing concept nearest to a misspelt *curie*, compacted (``pd:EmailAddress``)."""
        prefix, _, name = curie.partition(":")
        prefixes = [prefix] if prefix in DPV_PREFIXES else list(DPV_PREFIXES)
        candidates = {
            f"{p}:{iri[len(self.prefixes[p]):]}": iri
            for p in prefixes
            for iri in self._in_namespace(p)
        }
        matches = difflib.get_close_matches(curie if prefix in DPV_PREFIXES else f"{prefix}:{name}",
                                            list(candidates), n=1, cutoff=0.6)
        return matches[0] if matches else None

    def _in_namespace(self, prefix: str) -> list[str]:
        namespace = self.prefixes[prefix]
        # The namespace's own terms only: loc: is not the prefix of pd: and so on.
        return sorted(iri for iri in self.concepts if iri.startswith(namespace) and "#" not in iri[len(namespace):])


@cache
def load_vocabulary(directory: Path = DPV_DIR) -> Vocabulary:
    """The vocabulary kept in *directory* (read once per process)."""
    context = json.loads((directory / "context.jsonld").read_text(encoding="utf-8"))["@context"]
    concepts = frozenset((directory / "concepts.txt").read_text(encoding="utf-8").split())
    return Vocabulary(prefixes=dict(context), concepts=concepts)


def json_ld_context() -> dict[str, str]:
    """The ``@context`` every notice carries inline: DPV's prefixes and the two vocabularies the notice
    uses for itself (``dct`` is in DPV's context; ``schema`` for dates of validity and translations)."""
    return {**load_vocabulary().prefixes, "schema": "https://schema.org/"}
