"""The grammar of decrees and resolutions as lex.uz prints them (Uzbek Latin, Uzbek Cyrillic,
Russian): numbered points and sub-points, annex markers and their banners, the act's form and
signature. Pure functions over one cleaned line; ``ingest.decrees`` builds the tree.

- points: ``1.``, ``12¹.`` (lex.uz HTML keeps the superscript), ``12 1.`` (page text flattens
  it), dotted ``2.1.`` / ``5.16.1.`` (sub-points of point 2 / 5.16);
- sub-points: ``а)`` / ``a)`` (letters, Cyrillic or Latin), ``(а)``, ``(i)`` (Roman), ``1)``;
- annexes: ``1-ILOVA``, ``1-ИЛОВА``, ``1.1-ИЛОВА``, ``ИЛОВА``, ``Приложение № 1``, with the
  banner before it naming what they are annexed to (``… 172-son qaroriga 1-ILOVA`` is annexed to
  the resolution, ``Yoʻl harakati qoidalariga 3-ILOVA`` to the rules it approves);
- the form (``Vazirlar Mahkamasining`` + ``qarori``), the page header (``Ўзбекистон
  Республикаси Президентининг қарори, 12.01.2026 йилдаги ПҚ-5-сон``) and signatures
  (``Oʻzbekiston Respublikasining Bosh vaziri A. ARIPOV``).

Every pattern is matched on the folded line (``ingest.folding.fold_line``: Cyrillic
transliterated to Latin, apostrophes unified), so one grammar serves Uzbek Latin, Uzbek Cyrillic
and Russian. Sub-point letters are keyed by their place in the alphabet lex.uz enumerates with,
so the Cyrillic ``в)`` and the Latin ``v)`` of the same resolution both become ``subpara_3``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from lexsearch.numbers import fold_apostrophes

_SUP = "⁰¹²³⁴⁵⁶⁷⁸⁹"
_SUP_BACK = str.maketrans(_SUP, "0123456789")

# "1.", "12¹.", "12 1." (a flattened superscript), "2.1.", "5.16.1." then text or nothing;
# "117.Temir …" (no space after the dot) when a capital follows.
_POINT = re.compile(rf"^(?P<base>\d{{1,3}})(?:(?P<sup>[{_SUP}]{{1,2}})|\s(?P<flat>\d{{1,2}})(?=\.))?"
                    r"(?P<dots>(?:\.\d{1,3})*)\.(?:\s+(?P<rest>\S.*)|(?P<tight>[A-Z«“\"].*)|\s*)$")
# matched folded: a Cyrillic "е)" or "ё)" reads "ye)", "yo)"; Latin digraphs are letters too
_LETTER = re.compile(r"^(?P<open>\()?(?P<label>ye|yo|yu|ya|ts|ch|sh|o'|g'|[a-z])\)\s*(?P<rest>.*)$")
_ROMAN_SUB = re.compile(r"^\((?P<label>[ivxlc]+)\)\s*(?P<rest>.*)$")
_DIGIT_SUB = re.compile(r"^(?P<open>\()?(?P<label>\d{1,2})\)\s*(?P<rest>.*)$")

# The enumeration alphabets: the Cyrillic one (ъ, ь are not used to enumerate), its Latin
# transliteration as lex.uz prints Latin editions, and the Uzbek and English Latin alphabets.
_CYRILLIC = "абвгдеёжзийклмнопрстуфхцчшэюяўқғҳ"
_TRANSLIT = ["a", "b", "v", "g", "d", "e", "yo", "j", "z", "i", "y", "k", "l", "m", "n", "o", "p",
             "r", "s", "t", "u", "f", "x", "ts", "ch", "sh", "e", "yu", "ya", "o'", "q", "g'", "h"]
_UZ_LATIN = "abdefghijklmnopqrstuvxyz"
_ENGLISH = "abcdefghijklmnopqrstuvwxyz"

_ANNEX = re.compile(r"^(?P<banner>.*?)\s*(?:(?P<num>\d+(?:\.\d+)*)\s*-\s*)?"
                    r"(?P<word>ILOVA|ilova|Ilova)\s*$")
# Russian, matched folded (transliterated): "Приложение № 2 к постановлению …"
_ANNEX_RU = re.compile(r"^(?:PRILOJENI(?:E|YE)|Prilojeni(?:e|ye))(?:\s*(?:№|N)\s*(?P<num>\d+(?:\.\d+)*))?"
                       r"(?:\s+(?P<banner>k\s.*))?\s*$")
_APPROVED = re.compile(r"bilan\s+(?:TASDIQLANGAN|tasdiqlangan)\s*$|^(?:UTVERJDEN|Utverjden)[AOIaoi]?\b")
# What a banner's dative names when the annex belongs to the act itself, not to an annex of it.
_OF_ACT = re.compile(r"(?:qaror|farmon|farmoyish)\w*\s*$|^k\s+(?:postanovleni|ukaz|rasporyajeni)",
                     re.IGNORECASE)

# "Oʻzbekiston Respublikasi Vazirlar Mahkamasining qarori, 12.04.2022 yildagi 172-son"
_ISSUERS = {"vazirlar mahkamasi": ("vmq", "Oʻzbekiston Respublikasi Vazirlar Mahkamasi"),
            "prezident": ("pq", "Oʻzbekiston Respublikasi Prezidenti")}
_HEADER = re.compile(
    r"^O'zbekiston Respublikasi\s+(?P<issuer>Vazirlar Mahkamasi|Prezident)\w*\s+"
    r"(?P<form>qarori|farmoni|farmoyishi)\s*,\s*(?P<date>\d\d\.\d\d\.\d{4})\s*yildagi\s+"
    r"(?P<num>\S+?)-?son\s*$", re.IGNORECASE)
# departmental acts registered by the Ministry of Justice: "Ўзбекистон Республикаси соғлиқни
# сақлаш вазирининг буйруғи, 09.01.2026 йилда рўйхатдан ўтган, рўйхат рақами 3750"
_DEPT_HEADER = re.compile(
    r"^(?P<issuer>O'zbekiston Respublik\w*\s+.+?)ning\s+(?P<form>buyrug'i|qarori)\s*,\s*"
    r"\d\d\.\d\d\.\d{4}\s*yilda\s+ro'yxatdan\s+o'tgan,\s*ro'yxat\s+raqami\s+(?P<reg>\d+(?:-\d+)*)\s*$",
    re.IGNORECASE)
_DEPT_ISSUER = re.compile(r"^(?P<issuer>O'zbekiston Respublikasi\s+.+?)ning$", re.IGNORECASE)
_DEPT_FORMS = {"buyrug'i": "buyruq", "qarori": "qaror"}
# Russian texts of Uzbek acts, matched folded: "Постановление Кабинета Министров Республики
# Узбекистан, от 12.04.2022 г. № 172"; the form block "ПОСТАНОВЛЕНИЕ КАБИНЕТА МИНИСТРОВ
# РЕСПУБЛИКИ УЗБЕКИСТАН" (one line, or the form and then the issuer)
_RU_FORMS = {"postanovleniye": "postanovleniye", "ukaz": "ukaz", "rasporyajeniye": "farmoyish"}
_RU_ISSUERS = {"kabineta ministrov": ("vmq", "Oʻzbekiston Respublikasi Vazirlar Mahkamasi"),
               "prezidenta": ("pq", "Oʻzbekiston Respublikasi Prezidenti")}
_HEADER_RU = re.compile(
    r"^(?P<form>Postanovleniye|Ukaz|Rasporyajeniye)\s+(?P<issuer>Kabineta Ministrov|Prezidenta)\s+"
    r"Respubliki Uzbekistan\s*,\s*ot\s+(?P<date>\d\d\.\d\d\.\d{4})\s*g\.?\s*№\s*(?P<num>\S+)\s*$",
    re.IGNORECASE)
_FORM_RU = re.compile(r"^(?P<form>Postanovleniye|Ukaz|Rasporyajeniye)(?:\s+(?P<issuer>Kabineta "
                      r"Ministrov|Prezidenta)\s+Respubliki Uzbekistan)?$", re.IGNORECASE)
_ISSUER_RU = re.compile(r"^(?P<issuer>Kabineta Ministrov|Prezidenta)\s+Respubliki Uzbekistan$",
                        re.IGNORECASE)
_ISSUER_LINE = re.compile(r"^O'zbekiston Respublikasi\s+(?P<issuer>Vazirlar Mahkamasi|Prezident)"
                          r"\w*$", re.IGNORECASE)
_FORM_LINE = re.compile(r"^(?P<form>qarori|farmoni|farmoyishi)$", re.IGNORECASE)
_FORMS = {"qarori": "qaror", "farmoni": "farmon", "farmoyishi": "farmoyish"}
# matched folded: "Oʻzbekiston Respublikasining Bosh vaziri A. ARIPOV", "Вазир А. ХУДАЯРОВ",
# "Раис А. МАВЛОНОВ": an office, then initials and a surname in capitals ending the line (or
# followed by the place, where wrapped lines were joined: "… Ш. МИРЗИЁЕВ Тошкент ш.,")
_SIGNATURE = re.compile(
    r"(?:^|\s)(?:Prezident|Bosh vazir|Vazir|vazir|Rais|rais|Direktor|direktor|Boshlig'i|"
    r"boshlig'i|Rahbar|rahbar|Prem'?yer-ministr|Prem'?er-ministr)\w*\b.*?\s"
    r"(?:[A-Z][a-z']?\.\s*){1,2}[A-Z'][A-Z'\-]{2,}(?:\s+Toshkent\s+sh\.,?)?$")
_ROMAN_CHAPTER = re.compile(r"^(?P<num>[IVXLC]+)\.\s+(?P<h>\S.*)$")
_CHAPTER = re.compile(r"^(?P<base>\d{1,3})(?:(?P<sup>[⁰¹²³⁴⁵⁶⁷⁸⁹]{1,2})|\s(?P<flat>\d{1,2})\s?)?"
                      r"\s*-\s*(?:bob|BOB)\b\.?\s*(?P<h>.*)$")
_CHAPTER_RU = re.compile(r"^(?:Glava|GLAVA)\s+(?P<base>\d{1,3})\.?\s*(?P<h>.*)$")
_ROMAN = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}
# "(3.35-band …", "(12 1, 12 2 va 12 3-bandlar …", "(17¹-bob …": what a note is about
_NOTE_SUBJECT = re.compile(rf"^(?P<num>\d+(?:\.\d+)*)(?:(?P<supc>[{_SUP}]{{1,2}})|\s(?P<sup>\d{{1,2}}))?"
                           r"\s*-\s*(?P<kind>band|bob)", re.I)
# "Vazirlar Mahkamasining 2024-yil 30-noyabrdagi 806-sonli qarori": a Cabinet resolution
_CABINET_ACT = re.compile(r"Vazirlar Mahkamasining\s+(?P<y>\d{4})[- ]yil\s+(?P<d>\d{1,2})[- ]"
                          r"(?P<m>[a-z]+?)(?:dagi|da)?\s+(?P<num>\d+)[- ]son(?:li)?\s+qaror", re.I)


def roman(text: str) -> int:
    """``XIV`` -> 14 (upper or lower case)."""
    text = text.upper()
    total = 0
    for i, ch in enumerate(text):
        value = _ROMAN[ch]
        total += -value if i + 1 < len(text) and _ROMAN[text[i + 1]] > value else value
    return total


@dataclass(frozen=True)
class Point:
    """A numbered point: ``parts`` (``(2, 1)`` for ``2.1.``), ``sup`` (1 for ``12¹.``)."""

    parts: tuple[int, ...]
    sup: int
    num: str  # as printed, superscript restored: "12¹", "2.1"
    rest: str

    @property
    def key(self) -> str:
        """The eId key of the last level: ``12.1`` for 12¹, ``1`` for 2.1."""
        return f"{self.parts[-1]}.{self.sup}" if self.sup else str(self.parts[-1])


@dataclass(frozen=True)
class SubPoint:
    """A lettered, Roman or digit sub-point: ``style`` is ``letter``/``(letter)``/``roman``/
    ``digit``/``(digit)``; ``label`` as printed (``в``, ``ii``, ``3``)."""

    style: str
    label: str
    rest: str


@dataclass(frozen=True)
class Annex:
    """An annex marker: ``num`` (``"1"``, ``"1.1"``, ``None`` when unnumbered), ``banner`` (the
    text before it: what it is annexed to), ``of_act`` (annexed to the act, not to an annex)."""

    num: str | None
    banner: str
    of_act: bool


def parse_point(line: str) -> Point | None:
    """``"2.1. Haydovchi …"`` -> Point((2, 1), 0, "2.1", "Haydovchi …")."""
    m = _POINT.match(line)
    if not m:
        return None
    base = int(m.group("base"))
    sup_text = m.group("sup") or m.group("flat") or ""
    sup = int(sup_text.translate(_SUP_BACK)) if sup_text else 0
    dots = tuple(int(x) for x in m.group("dots").split(".")[1:]) if m.group("dots") else ()
    if sup and dots:
        return None
    parts = (base, *dots)
    num = ".".join(map(str, parts)) if dots else str(base) + (str(sup).translate(
        str.maketrans("0123456789", _SUP)) if sup else "")
    return Point(parts, sup, num, m.group("rest") or m.group("tight") or "")


def parse_subpoint(line: str) -> SubPoint | None:
    """``"б) енгил …"`` -> SubPoint("letter", "б", "енгил …"); ``"(ii) …"`` -> roman."""
    m = _ROMAN_SUB.match(line)
    if m:
        return SubPoint("roman", m.group("label"), m.group("rest"))
    m = _LETTER.match(line)
    if m and (m.group("rest") or m.group("open")):
        return SubPoint("(letter)" if m.group("open") else "letter", m.group("label"),
                        m.group("rest"))
    m = _DIGIT_SUB.match(line)
    if m:
        return SubPoint("(digit)" if m.group("open") else "digit", m.group("label"), m.group("rest"))
    return None


def letter_keys(labels: list[str]) -> list[int]:
    """The ordinals of a group of sibling letters, in the enumeration alphabet that fits them
    best: ``["a", "b", "v"]`` -> [1, 2, 3] (transliterated Cyrillic), ``["a", "b", "c"]`` ->
    [1, 2, 3] (English), ``["а", "б", "в"]`` -> [1, 2, 3]."""
    folded = [fold_apostrophes(x).lower() for x in labels]
    orders = [list(_CYRILLIC), _TRANSLIT, list(_UZ_LATIN), list(_ENGLISH)]
    best: list[int] | None = None
    best_cost = None
    for order in orders:
        keys = [order.index(x) + 1 if x in order else 0 for x in folded]
        cost = sum(1000 for k in keys if not k) + sum(
            abs(k - (prev + 1)) for prev, k in zip([0, *keys], keys, strict=False))
        if best_cost is None or cost < best_cost:
            best, best_cost = keys, cost
    out, seen = [], 0
    for k in best or []:
        seen = k if k else seen + 1
        out.append(seen)
    return out


def parse_annex(line: str) -> Annex | None:
    """``"… 172-son qaroriga 1-ILOVA"`` -> Annex("1", "… 172-son qaroriga", True)."""
    m = _ANNEX.match(line)
    if m:
        word, banner = m.group("word"), m.group("banner").strip()
        if word.islower() and banner:  # "… muvofiq 1-ilova": prose, a marker is set apart
            return None
        if word.islower() and not m.group("num"):
            return None
        if len(banner) > 300 or banner.endswith((".", ";", ":")):
            return None
        return Annex(m.group("num"), banner, names_act(banner))
    m = _ANNEX_RU.match(line)
    if m:
        banner = (m.group("banner") or "").strip()
        return Annex(m.group("num"), banner, names_act(banner))
    return None


def names_act(banner: str) -> bool:
    """Whether an annex banner (folded) annexes to the act itself (``… 172-son qaroriga``,
    ``к постановлению …``) rather than to what it approves (``Yoʻl harakati qoidalariga``)."""
    return not banner or bool(_OF_ACT.search(banner))


def is_approval_banner(line: str) -> bool:
    """``"Vazirlar Mahkamasining … qarori bilan TASDIQLANGAN"``: an approved regulation starts."""
    return bool(_APPROVED.search(line))


def parse_header(line: str) -> tuple[str, str, str | None, str] | None:
    """The page header ``"Ўзбекистон Республикаси Президентининг қарори, 12.01.2026 йилдаги
    ПҚ-5-сон"`` -> (subtype, issuer, ISO date, number as printed); a departmental act's
    (``"… вазирининг буйруғи, 09.01.2026 йилда рўйхатдан ўтган, рўйхат рақами 3750"``) gives
    its registration number and no date (it was signed before it was registered)."""
    m = _HEADER_RU.match(line)
    if m:
        subtype, form = _ru_subtype(m.group("issuer"), m.group("form"))
        d, mo, y = m.group("date").split(".")
        return subtype, form, f"{y}-{mo}-{d}", m.group("num")
    m = _HEADER.match(fold_apostrophes(line))
    if not m:
        m = _DEPT_HEADER.match(fold_apostrophes(line))
        if not m:
            return None
        issuer = _issuer(m.group("issuer"))
        return _DEPT_FORMS[m.group("form").lower()], issuer, None, m.group("reg")
    subtype, issuer = _ISSUERS[m.group("issuer").lower()]
    form = _FORMS[m.group("form").lower()]
    if subtype == "pq" and form == "farmon":
        subtype = "pf"
    elif form == "farmoyish":
        subtype = "farmoyish"
    d, mo, y = m.group("date").split(".")
    return subtype, issuer, f"{y}-{mo}-{d}", m.group("num")


def _issuer(genitive: str) -> str:
    """``"O'zbekiston Respublikasi sog'liqni saqlash vazirining"`` (folded, any case) ->
    ``"Oʻzbekiston Respublikasi Sogʻliqni saqlash vaziri"``: the nominative, in Latin."""
    rest = genitive.split(None, 2)[2]
    rest = rest[:-3] if rest.lower().endswith("ning") else rest
    rest = rest.lower() if rest.isupper() else rest
    text = f"O'zbekiston Respublikasi {rest[:1].upper()}{rest[1:]}"
    return re.sub(r"(?<=[OoGg])'", "ʻ", text).replace("'", "ʼ")


def _ru_subtype(issuer: str, form: str) -> tuple[str, str]:
    subtype, name = _RU_ISSUERS[issuer.lower()]
    kind = _RU_FORMS[form.lower()]
    if kind == "ukaz":
        subtype = "pf"
    elif kind == "farmoyish":
        subtype = "farmoyish"
    return subtype, name


def parse_form(issuer_line: str, form_line: str) -> tuple[str, str] | None:
    """The act's own form block, ``"Ўзбекистон Республикаси Вазирлар Маҳкамасининг"`` +
    ``"қарори"`` -> (subtype, issuer); a ministry's ``"… вазирининг"`` + ``"буйруғи"`` ->
    ("buyruq", issuer); Russian ``"ПОСТАНОВЛЕНИЕ КАБИНЕТА МИНИСТРОВ РЕСПУБЛИКИ УЗБЕКИСТАН"``
    (``form_line`` alone) or ``"ПОСТАНОВЛЕНИЕ"`` + ``"ПРЕЗИДЕНТА РЕСПУБЛИКИ УЗБЕКИСТАН"``."""
    issuer_line, form_line = fold_apostrophes(issuer_line), fold_apostrophes(form_line)
    m, f = _ISSUER_LINE.match(issuer_line), _FORM_LINE.match(form_line)
    if m and f:
        subtype, issuer = _ISSUERS[m.group("issuer").lower()]
        form = _FORMS[f.group("form").lower()]
        if form == "farmon":
            subtype = "pf" if subtype == "pq" else subtype
        elif form == "farmoyish":
            subtype = "farmoyish"
        return subtype, issuer
    ru = _FORM_RU.match(form_line)
    if ru and ru.group("issuer"):  # "ПОСТАНОВЛЕНИЕ КАБИНЕТА МИНИСТРОВ РЕСПУБЛИКИ УЗБЕКИСТАН"
        return _ru_subtype(ru.group("issuer"), ru.group("form"))
    ru, issuer = _FORM_RU.match(issuer_line), _ISSUER_RU.match(form_line)
    if ru and issuer and not ru.group("issuer"):  # "ПОСТАНОВЛЕНИЕ" / "ПРЕЗИДЕНТА …"
        return _ru_subtype(issuer.group("issuer"), ru.group("form"))
    d = _DEPT_ISSUER.match(issuer_line)
    if d and len(issuer_line) < 200 and form_line.lower() in _DEPT_FORMS:
        return _DEPT_FORMS[form_line.lower()], _issuer(d.group("issuer"))
    return None


def is_signature(line: str) -> bool:
    """``"Oʻzbekiston Respublikasining Bosh vaziri A. ARIPOV"``."""
    return len(line) < 160 and bool(_SIGNATURE.search(fold_apostrophes(line)))


def parse_chapter(line: str) -> tuple[str, str, str] | None:
    """A chapter heading of a decree or of an approved regulation -> (eId key, num as printed,
    heading): ``"1-bob. Umumiy qoidalar"``, ``"17¹-bob. …"``, ``"17 1 -боб. …"``,
    ``"II. Туристик зонада …"``, ``"Глава 3. …"``."""
    m = _CHAPTER.match(line)
    if m:
        base, sup_text = int(m.group("base")), m.group("sup") or m.group("flat") or ""
        sup = int(sup_text.translate(_SUP_BACK)) if sup_text else 0
        heading = m.group("h").strip()
        if heading and not re.match(r"[A-ZА-ЯЎҚҒҲ«“\"(']", heading):
            return None  # "2-bob talablari …" is prose
        num = f"{base}" + (str(sup).translate(str.maketrans("0123456789", _SUP)) if sup else "")
        return (f"{base}.{sup}" if sup else str(base)), num, heading
    m = _ROMAN_CHAPTER.match(line)
    if m and len(line) < 250 and not line.endswith((";", ",")):
        return str(roman(m.group("num"))), m.group("num"), m.group("h").strip()
    m = _CHAPTER_RU.match(line)
    if m:
        return m.group("base"), m.group("base"), m.group("h").strip()
    return None


def note_subject(inner: str) -> tuple[str, str] | None:
    """(kind, number as printed) of the point or chapter a note is about: ``"3.35-band …"`` ->
    ``("point", "3.35")``, ``"12 1, 12 2 va 12 3-bandlar"`` -> ``("point", "12¹")`` (the
    first), ``"17¹-bob …"`` -> ``("chapter", "17¹")``."""
    m = _NOTE_SUBJECT.match(inner)
    if not m:
        return None
    sup = m.group("sup")
    num = m.group("num") + (m.group("supc") or (
        sup.translate(str.maketrans("0123456789", _SUP)) if sup else ""))
    return ("chapter" if m.group("kind").lower() == "bob" else "point"), num


def cabinet_act(folded: str, months: dict[str, int]) -> tuple[str, str | None] | None:
    """(number, ISO date) of the Cabinet resolution a note cites by its bare number:
    ``"… Vazirlar Mahkamasining 2024-yil 30-noyabrdagi 806-sonli qarori tahririda …"`` ->
    ``("806", "2024-11-30")``."""
    m = _CABINET_ACT.search(folded)
    if not m:
        return None
    month = next((v for k, v in months.items() if m.group("m").lower().startswith(k)), None)
    date = f"{m.group('y')}-{month:02d}-{int(m.group('d')):02d}" if month else None
    return m.group("num"), date
