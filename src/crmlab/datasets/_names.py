"""Word pools for the fictitious world of the datasets.

The firm *Alder & Pine* makes furniture in its own plant and sells it, with other home
goods, in thirty stores and online across the fictitious region of the Vale. Every name
below is invented or common; any resemblance to real people, places or firms is accidental.
"""

from __future__ import annotations


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


def _lines(text: str) -> tuple[str, ...]:
    return tuple(line.strip() for line in text.strip().splitlines())


FIRST_NAMES = _words(
    """
    Aisha Alexander Amelia Ana Andrew Anna Arjun Ben Carla Carlos Chen Chloe Daniel David
    Elena Elizabeth Emily Emma Fatima Felix Grace Hannah Hiro Isabel Jack James Jennifer Jia
    John Jonas Julia Karim Katherine Laura Lena Leo Li Lucas Lucy Maria Mark Margaret Mei
    Michael Mia Nadia Noah Nora Oliver Olivia Omar Paul Priya Rahul Robert Rosa Ruth Samuel
    Sara Sofia Sophie Stefan Thomas Tom Victor Wei William Xin Yara Yusuf Zoe Ahmed Bianca
    Diego Erik Ines Kofi Lars Marta Nina
    """
)

LAST_NAMES = _words(
    """
    Abbott Ali Andersen Baker Bauer Bennett Brooks Campbell Chan Chen Clarke Costa Cruz
    Davies Dias Edwards Evans Fischer Fletcher Garcia Gray Green Gupta Hall Hansen Harris
    Hughes Ito Jensen Johnson Kaur Khan Kim Klein Kowalski Lee Lewis Li Lin Lopez Martin
    Mendes Meyer Miller Moreau Murphy Nakamura Nguyen Novak Okafor Olsen Owusu Patel Perez
    Petrov Price Reed Reyes Richter Roberts Rossi Santos Schmidt Shah Silva Singh Smith Sousa
    Tanaka Taylor Thompson Turner Walker Wang Ward Weber Wilson Wong Wright Zhang
    """
)

# Short forms a clerk may type instead of the full first name.
NICKNAMES: dict[str, str] = {
    "Alexander": "Alex",
    "Andrew": "Andy",
    "Daniel": "Dan",
    "Elizabeth": "Liz",
    "Jennifer": "Jenny",
    "Katherine": "Kate",
    "Margaret": "Maggie",
    "Michael": "Mike",
    "Robert": "Bob",
    "Samuel": "Sam",
    "Thomas": "Tom",
    "William": "Bill",
}

# Thirty store towns, seven warehouse-candidate sites and the plant's town.
STORE_TOWNS = _lines(
    """
    Alderbury
    Brackenmoor
    Cresswater
    Dunmere
    Eldham
    Fernwick
    Glenholt
    Harrowgate Vale
    Ivybridge Down
    Juniper Cross
    Kestrel Bay
    Larkhollow
    Marrowby
    Nettlecombe
    Oakhurst Green
    Pebblestone
    Quillford
    Rookmere
    Saltmarsh End
    Thistlewood
    Umberley
    Valecross
    Willowmead
    Yarrowfield
    Ashcombe Heath
    Birchwater
    Coldharbour Mill
    Dovecote
    Emberton
    Foxley Down
    """
)
WAREHOUSE_TOWNS = _lines(
    """
    Gorsefield
    Hollin Park
    Irongate
    Kingsmere
    Lowbridge
    Millbrook Cross
    Northfold
    """
)
PLANT_TOWN = "Stonebrook"

STREET_NAMES = _words(
    """
    Acorn Beech Bridge Castle Chapel Church Clover Elm Field Forge Garden Hawthorn Heather
    High Hill Holly King Lake Linden Maple Market Meadow Mill Orchard Park Queen River Rose
    School Spring Station Sycamore Valley Victoria Water Well West Willow Windmill York
    """
)
STREET_TYPES = _words("Street Road Avenue Lane Close Way")

# How a hurried clerk abbreviates a street type.
STREET_ABBREVIATIONS: dict[str, str] = {
    "Street": "St.",
    "Road": "Rd",
    "Avenue": "Ave.",
    "Lane": "Ln",
    "Close": "Cl.",
    "Way": "Wy",
}

# Domains reserved for examples (RFC 2606 and RFC 6761), so no address can be real.
EMAIL_DOMAINS = _words("example.com example.net example.org mail.example")
