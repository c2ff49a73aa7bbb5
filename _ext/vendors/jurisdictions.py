"""Facts of EU law about countries, kept as data in ``data/``: no Sphinx here.

* ``iso3166-1-alpha2.txt``: the country codes a vendor may use;
* ``transfers.yaml``: which countries are in the EU/EEA (so everything else is a
  third country) and which have an EU adequacy decision, each list with the date
  it was last checked.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from types import MappingProxyType

import yaml

DATA_DIR = Path(__file__).resolve().parent / "data"


@dataclass(frozen=True)
class AdequacyDecision:
    """One country's EU adequacy decision (GDPR Article 45)."""

    country: str
    decision: str
    #: Whom the decision covers, when it is not the whole country ("" = all).
    scope: str = ""
    #: The transfer basis to name instead of plain "adequacy" ("" = none).
    only_via: str = ""


@dataclass(frozen=True)
class Jurisdictions:
    countries: frozenset[str]
    eu_eea: frozenset[str]
    eu_eea_checked: dt.date
    adequacy: Mapping[str, AdequacyDecision]
    adequacy_checked: dt.date

    def is_country(self, code: str) -> bool:
        return code in self.countries

    def is_third_country(self, code: str) -> bool:
        """Outside the EU/EEA: a transfer there needs a basis under GDPR Chapter V."""
        return code not in self.eu_eea


def read_country_codes(path: Path) -> frozenset[str]:
    """The first word of every non-comment line of *path*."""
    codes = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            codes.add(line.split()[0])
    return frozenset(codes)


def parse_transfers(data: Mapping, countries: frozenset[str]) -> Jurisdictions:
    """Build :class:`Jurisdictions` from ``transfers.yaml`` read as text; raise ValueError if it is inconsistent."""
    eu_eea = frozenset(data["eu_eea"]["members"])
    decisions = {
        code: AdequacyDecision(
            country=code,
            decision=entry["decision"],
            scope=entry.get("scope", ""),
            only_via=entry.get("only_via", ""),
        )
        for code, entry in data["adequacy"]["countries"].items()
    }
    for code in sorted((eu_eea | decisions.keys()) - countries):
        raise ValueError(f"transfers.yaml: {code!r} is not an ISO 3166-1 alpha-2 code")
    for code in sorted(eu_eea & decisions.keys()):
        raise ValueError(f"transfers.yaml: {code!r} is in the EU/EEA and cannot have an adequacy decision")
    try:
        checked = (dt.date.fromisoformat(data["eu_eea"]["checked"]), dt.date.fromisoformat(data["adequacy"]["checked"]))
    except ValueError:
        raise ValueError("transfers.yaml: 'checked' must be a date such as 2026-11-25") from None
    return Jurisdictions(
        countries=countries,
        eu_eea=eu_eea,
        eu_eea_checked=checked[0],
        adequacy=MappingProxyType(decisions),
        adequacy_checked=checked[1],
    )


@cache
def load_jurisdictions(data_dir: Path = DATA_DIR) -> Jurisdictions:
    """The shipped data (read once per process)."""
    countries = read_country_codes(data_dir / "iso3166-1-alpha2.txt")
    # BaseLoader keeps every scalar as text: NO is Norway, not False.
    with open(data_dir / "transfers.yaml", encoding="utf-8") as stream:
        return parse_transfers(yaml.load(stream, Loader=yaml.BaseLoader), countries)
