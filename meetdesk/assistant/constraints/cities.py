"""Place names to IANA zones: the zone database's own city names plus common aliases.

The database names a zone after one city ("America/New_York"); its last part, with
underscores as spaces, is how people write it ("New York time"). A small shipped table
adds the cities people actually name (NYC, SF, Boston, Lyon, Munich, Bombay...) and the
French names (Londres, Bruxelles, Genève, Montréal once folded). Names that are also
ordinary words ("Christmas", "Easter", "Réunion" - a meeting in French - "Nice") are left
out, since the rules look names up after "I'm in", "heure de" or before "time".
"""

from __future__ import annotations

from functools import lru_cache
from zoneinfo import available_timezones

_AREAS = frozenset(
    {"Africa", "America", "Asia", "Atlantic", "Australia", "Europe", "Indian", "Pacific"}
)
_NOT_PLACES = frozenset(
    {
        "christmas", "easter", "wake", "midway", "johnston", "center", "knox", "general",
        "north", "south", "east", "west", "reunion", "mawson", "casey", "davis", "palmer",
        "troll", "vostok", "syowa", "rothera", "macquarie", "mcmurdo", "south pole",
        "dumontdurville", "currie", "lindeman", "nice", "marengo", "vevay", "winamac",
        "beulah", "new salem", "tell city", "monticello", "petersburg", "vincennes",
        "truk", "yap", "chuuk", "enderbury", "kanton", "efate", "noumea", "cayenne",
        "dominica", "montserrat", "creston", "chihuahua", "la rioja", "salta",
    }
)  # fmt: skip

_ALIASES: dict[str, str] = {
    # North America
    "nyc": "America/New_York", "new york city": "America/New_York",
    "manhattan": "America/New_York", "brooklyn": "America/New_York",
    "boston": "America/New_York", "washington": "America/New_York",
    "washington dc": "America/New_York", "philadelphia": "America/New_York",
    "atlanta": "America/New_York", "miami": "America/New_York",
    "pittsburgh": "America/New_York", "baltimore": "America/New_York",
    "charlotte": "America/New_York", "east coast": "America/New_York",
    "montreal": "America/Toronto", "ottawa": "America/Toronto", "quebec": "America/Toronto",
    "ville de quebec": "America/Toronto",
    "sf": "America/Los_Angeles", "san francisco": "America/Los_Angeles",
    "seattle": "America/Los_Angeles", "san diego": "America/Los_Angeles",
    "san jose": "America/Los_Angeles", "palo alto": "America/Los_Angeles",
    "silicon valley": "America/Los_Angeles", "oakland": "America/Los_Angeles",
    "las vegas": "America/Los_Angeles", "portland": "America/Los_Angeles",
    "west coast": "America/Los_Angeles", "bay area": "America/Los_Angeles",
    "houston": "America/Chicago", "dallas": "America/Chicago", "austin": "America/Chicago",
    "minneapolis": "America/Chicago", "st louis": "America/Chicago",
    "saint louis": "America/Chicago", "new orleans": "America/Chicago",
    "nashville": "America/Chicago", "kansas city": "America/Chicago",
    "salt lake city": "America/Denver", "albuquerque": "America/Denver",
    "calgary": "America/Edmonton",
    "rio": "America/Sao_Paulo", "rio de janeiro": "America/Sao_Paulo",
    "mexico": "America/Mexico_City",
    # Europe
    "londres": "Europe/London", "manchester": "Europe/London", "edinburgh": "Europe/London",
    "edimbourg": "Europe/London", "birmingham": "Europe/London", "glasgow": "Europe/London",
    "bristol": "Europe/London", "oxford": "Europe/London", "cambridge": "Europe/London",
    "lyon": "Europe/Paris", "marseille": "Europe/Paris", "toulouse": "Europe/Paris",
    "bordeaux": "Europe/Paris", "lille": "Europe/Paris", "nantes": "Europe/Paris",
    "strasbourg": "Europe/Paris", "rennes": "Europe/Paris", "montpellier": "Europe/Paris",
    "grenoble": "Europe/Paris",
    "bruxelles": "Europe/Brussels", "anvers": "Europe/Brussels", "antwerp": "Europe/Brussels",
    "gand": "Europe/Brussels", "ghent": "Europe/Brussels", "liege": "Europe/Brussels",
    "geneve": "Europe/Zurich", "geneva": "Europe/Zurich", "lausanne": "Europe/Zurich",
    "bale": "Europe/Zurich", "basel": "Europe/Zurich", "berne": "Europe/Zurich",
    "bern": "Europe/Zurich",
    "francfort": "Europe/Berlin", "frankfurt": "Europe/Berlin", "munich": "Europe/Berlin",
    "munchen": "Europe/Berlin", "hamburg": "Europe/Berlin", "hambourg": "Europe/Berlin",
    "cologne": "Europe/Berlin", "dusseldorf": "Europe/Berlin", "stuttgart": "Europe/Berlin",
    "milan": "Europe/Rome", "milano": "Europe/Rome", "turin": "Europe/Rome",
    "florence": "Europe/Rome", "naples": "Europe/Rome", "venise": "Europe/Rome",
    "venice": "Europe/Rome",
    "barcelona": "Europe/Madrid", "barcelone": "Europe/Madrid", "seville": "Europe/Madrid",
    "valencia": "Europe/Madrid", "lisbonne": "Europe/Lisbon", "porto": "Europe/Lisbon",
    "rotterdam": "Europe/Amsterdam", "the hague": "Europe/Amsterdam",
    "la haye": "Europe/Amsterdam", "utrecht": "Europe/Amsterdam",
    "copenhague": "Europe/Copenhagen", "varsovie": "Europe/Warsaw",
    "cracovie": "Europe/Warsaw", "krakow": "Europe/Warsaw", "vienne": "Europe/Vienna",
    "athenes": "Europe/Athens", "moscou": "Europe/Moscow",
    # Elsewhere
    "tel aviv": "Asia/Jerusalem", "abu dhabi": "Asia/Dubai", "mumbai": "Asia/Kolkata",
    "bombay": "Asia/Kolkata", "delhi": "Asia/Kolkata", "new delhi": "Asia/Kolkata",
    "bangalore": "Asia/Kolkata", "bengaluru": "Asia/Kolkata", "chennai": "Asia/Kolkata",
    "hyderabad": "Asia/Kolkata", "pune": "Asia/Kolkata", "beijing": "Asia/Shanghai",
    "pekin": "Asia/Shanghai", "shenzhen": "Asia/Shanghai", "guangzhou": "Asia/Shanghai",
    "osaka": "Asia/Tokyo", "kyoto": "Asia/Tokyo", "singapour": "Asia/Singapore",
    "wellington": "Pacific/Auckland", "le cap": "Africa/Johannesburg",
    "cape town": "Africa/Johannesburg", "alger": "Africa/Algiers", "le caire": "Africa/Cairo",
    "tunis": "Africa/Tunis",
    # Old names the database keeps as links: report the zone they point to.
    "calcutta": "Asia/Kolkata", "saigon": "Asia/Ho_Chi_Minh", "rangoon": "Asia/Yangon",
    "katmandu": "Asia/Kathmandu", "kiev": "Europe/Kyiv", "ulan bator": "Asia/Ulaanbaatar",
    "godthab": "America/Nuuk",
}  # fmt: skip

# Zones named by region or country rather than by a city: "Pacific time", "heure française".
NAMED_ZONES: dict[str, str] = {
    "eastern": "America/New_York", "us eastern": "America/New_York",
    "central": "America/Chicago", "us central": "America/Chicago",
    "mountain": "America/Denver", "pacific": "America/Los_Angeles",
    "us pacific": "America/Los_Angeles", "atlantic": "America/Halifax",
    "hawaii": "Pacific/Honolulu", "alaska": "America/Anchorage", "arizona": "America/Phoenix",
    "uk": "Europe/London", "british": "Europe/London", "irish": "Europe/Dublin",
    "french": "Europe/Paris", "france": "Europe/Paris", "central european": "Europe/Paris",
    "german": "Europe/Berlin", "swiss": "Europe/Zurich", "belgian": "Europe/Brussels",
    "india": "Asia/Kolkata", "indian": "Asia/Kolkata", "japan": "Asia/Tokyo",
    "israel": "Asia/Jerusalem",
}  # fmt: skip
# The same in French, as written after "heure": "heure française", "heure de l'Est".
HEURE_ZONES: dict[str, str] = {
    "francaise": "Europe/Paris", "de france": "Europe/Paris", "anglaise": "Europe/London",
    "britannique": "Europe/London", "du royaume-uni": "Europe/London",
    "belge": "Europe/Brussels", "suisse": "Europe/Zurich", "de l'est": "America/Toronto",
    "normale de l'est": "America/Toronto", "avancee de l'est": "America/Toronto",
    "du pacifique": "America/Vancouver", "du quebec": "America/Toronto",
    "de la cote est": "America/New_York", "de new york": "America/New_York",
    "d'europe centrale": "Europe/Paris", "de l'europe centrale": "Europe/Paris",
}  # fmt: skip


@lru_cache(maxsize=1)
def places() -> dict[str, str]:
    """Folded place name -> IANA key (built once: listing the zone database costs ~10 ms)."""
    table: dict[str, str] = {}
    # Where two keys share a last part, the deeper one is canonical (America/Indianapolis
    # is a link to America/Indiana/Indianapolis).
    for key in sorted(available_timezones(), key=lambda k: (-k.count("/"), k)):
        parts = key.split("/")
        if parts[0] not in _AREAS or len(parts) < 2:
            continue
        name = parts[-1].replace("_", " ").lower()
        if name in _NOT_PLACES or name in table:
            continue
        table[name] = key
    table.update(_ALIASES)
    return table


def place_zone(words: str) -> str | None:
    """The zone of a folded place name ("new york", "montreal", "nyc"), if known."""
    name = words.strip(" .,;:()'\"").replace("-", " ")
    return places().get(name)


def longest_place(words: list[str]) -> tuple[str, int] | None:
    """The zone of the longest place name at the start of ``words``, and its word count."""
    for n in (3, 2, 1):
        if len(words) >= n:
            key = place_zone(" ".join(words[:n]))
            if key is not None:
                return key, n
    return None


def longest_place_before(words: list[str]) -> tuple[str, int] | None:
    """Like ``longest_place`` for a name that ends ``words`` ("... New York")."""
    for n in (3, 2, 1):
        if len(words) >= n:
            key = place_zone(" ".join(words[-n:]))
            if key is not None:
                return key, n
    return None
