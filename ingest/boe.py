"""Reader for the Spanish BOE consolidated legislation XML (``BOE-A-…-texto.xml``).

Every ``<bloque>`` (preamble, heading, article, provision, signature) carries its dated
``<version id_norma=… fecha_publicacion=… fecha_vigencia=…>``s. One read yields every edition:
for each distinct ``fecha_vigencia`` D, the edition holds, for each block, the latest version in
force on D (blocks without a version yet are absent). The edition is ``produced_by`` the norma
whose versions took effect on D. If ``BOE-A-…-analisis.xml`` sits beside the file, its
``posteriores`` give the titles of the amending acts (``Ley Orgánica 7/2021, de 26 de mayo``).
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

from lexsearch.errors import InputError
from lexsearch.model import ActRef, AmendmentNote, Document, EditionText, Provision, WorkMeta

from .safe import parse_xml, read_bounded

MONTHS = {m: i for i, m in enumerate(("enero", "febrero", "marzo", "abril", "mayo", "junio",
                                      "julio", "agosto", "septiembre", "octubre", "noviembre",
                                      "diciembre"), start=1)}
_ACT_TITLE = re.compile(r"((Ley Orgánica|Real Decreto-ley|Real Decreto Legislativo|Real Decreto|"
                        r"Ley|Orden|Resolución)\s+(\d+/(\d{4})),\s+de\s+(\d{1,2})\s+de\s+(\w+))")
_SPANISH_DATE = re.compile(r"(\d{1,2})\s+de\s+(\w+)\s+de\s+(\d{4})")
_HEADINGS = {"titulo_num": ("part", "part", 1), "libro_num": ("book", "book", 0),
             "capitulo_num": ("chapter", "chp", 2), "seccion": ("section", "sec", 3),
             "subseccion": ("subsection", "subsec", 4)}
_NOTE_CLASSES = ("nota_pie", "nota_pie_2", "textoCompleto")
ROMAN = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}


def _iso(compact: str | None) -> str | None:
    if not compact or not re.fullmatch(r"\d{8}", compact):
        return None
    return f"{compact[:4]}-{compact[4:6]}-{compact[6:]}"


def _slug(text: str) -> str:
    text = text.strip().rstrip(".")
    if re.fullmatch(r"[IVXLC]+", text):
        values = [ROMAN[c] for c in text]
        return str(sum(-v if i + 1 < len(values) and v < values[i + 1] else v
                       for i, v in enumerate(values)))
    return re.sub(r"[^0-9a-z.]+", "", text.lower().replace(" ", ""))


def _act_from_title(text: str) -> ActRef | None:
    m = _ACT_TITLE.search(text)
    if not m:
        return None
    month = MONTHS.get(m.group(6).lower())
    date = f"{m.group(4)}-{month:02d}-{int(m.group(5)):02d}" if month else None
    subtype = m.group(2).lower().replace("á", "a").replace("ó", "o").replace(" ", "-")
    return ActRef(subtype, m.group(3), date, m.group(1))


def _amending_titles(texto_path: Path) -> dict[str, ActRef]:
    """id_norma -> ActRef from the ``-analisis.xml`` beside the text, if there is one."""
    analisis = texto_path.with_name(texto_path.name.replace("-texto.xml", "-analisis.xml"))
    if analisis == texto_path or not analisis.is_file():
        return {}
    root = parse_xml(read_bounded(analisis), str(analisis))
    refs = {}
    for post in root.iter("posterior"):
        ident, text = post.findtext("id_norma"), post.findtext("texto") or ""
        act = _act_from_title(text)
        if ident and act:
            refs[ident] = act
    return refs


def _text(el) -> str:
    return re.sub(r"\s+", " ", "".join(el.itertext())).strip()


def read_boe(path: str | Path) -> Document:
    """Read one BOE consolidated text into a ``Document`` with one edition per vigencia date."""
    path = Path(path)
    source = str(path)
    root = parse_xml(read_bounded(path), source)
    texto = root.find("data/texto")
    if root.tag != "response" or texto is None:
        raise InputError("not a BOE consolidated text (no response/data/texto)", file=source,
                         line=root.sourceline)
    blocks = []  # (bloque element, [(vigencia ISO, version element)] sorted)
    for bloque in texto.iter("bloque"):
        versions = []
        for version in bloque.findall("version"):
            vigencia = _iso(version.get("fecha_vigencia"))
            if not vigencia:
                raise InputError(f"version without a valid fecha_vigencia "
                                 f"({version.get('fecha_vigencia')!r})", file=source,
                                 line=version.sourceline, field="fecha_vigencia")
            versions.append((vigencia, version))
        if versions and bloque.get("tipo") != "nota_inicial":  # editorial note, not text
            blocks.append((bloque, sorted(versions, key=lambda v: v[0])))
    if not blocks:
        raise InputError("no <bloque> with a <version>", file=source)

    first_norms = Counter(vs[0][1].get("id_norma") for _, vs in blocks)
    act_id = first_norms.most_common(1)[0][0]
    work = WorkMeta(country="es", number=act_id, source_id=act_id)
    doc = Document(source, work, [], format="boe")
    refs = _amending_titles(path)
    for bloque, versions in blocks:
        text = " ".join(_text(p) for p in versions[0][1].iter("p"))
        if bloque.get("tipo") == "preambulo":
            work.subtype = "ley-organica" if re.search(r"ley orgánica", text, re.I) else "ley"
        if bloque.get("tipo") == "firma":
            m = _SPANISH_DATE.search(text)
            if m and m.group(2).lower() in MONTHS:
                work.date = f"{m.group(3)}-{MONTHS[m.group(2).lower()]:02d}-{int(m.group(1)):02d}"
    if not work.date:
        doc.warn("adoption date not found in the signature block")
    work.subtype = work.subtype or "ley"
    doc.warn("the BOE text carries no title; number is the BOE identifier")

    eids = _eids(blocks, doc)
    dates = sorted({v for _, versions in blocks for v, _ in versions})
    for day in dates:
        provisions, notes, changed = [], [], Counter()
        stack: list[tuple[int, str]] = []
        for (bloque, versions), eid in zip(blocks, eids, strict=True):
            current = [(v, el) for v, el in versions if v <= day]
            if not current:
                continue
            vigencia, version = current[-1]
            norm = version.get("id_norma")
            if vigencia == day:
                changed[norm] += 1
            prov, level = _provision(bloque, version, eid, stack)
            provisions.append(prov)
            if level is not None:
                stack.append((level, prov.eid))
            for index, (when, old) in enumerate(current):
                if old.get("id_norma") == act_id:
                    continue
                act = refs.get(old.get("id_norma")) or ActRef(None, old.get("id_norma"), None)
                raw = next((_text(p) for p in old.iter("p") if p.get("class") in _NOTE_CLASSES),
                           f"{old.get('id_norma')}")
                notes.append(AmendmentNote(eid, raw, "inserted" if index == 0 else "wording",
                                           act=act, published=_iso(old.get("fecha_publicacion")),
                                           effective=when, line=old.sourceline))
        norm = changed.most_common(1)[0][0] if changed else act_id
        produced = refs.get(norm) or ActRef(None, norm, _iso(_publication(blocks, norm)))
        doc.editions.append(EditionText("spa", day, provisions, notes, produced_by=produced))
    return doc


def _publication(blocks, norm: str) -> str | None:
    for _, versions in blocks:
        for _, version in versions:
            if version.get("id_norma") == norm:
                return version.get("fecha_publicacion")
    return None


def _eids(blocks, doc: Document) -> list[str]:
    """One stable eId per block, the same in every edition."""
    seen: set[str] = set()
    out = []
    for bloque, _versions in blocks:
        tipo, titulo = bloque.get("tipo"), bloque.get("titulo") or ""
        m = re.match(r"Artículo\s+(.+)$", titulo)
        if m:
            eid = f"art_{_slug(m.group(1))}"
        elif tipo == "preambulo":
            eid = "preamble"
        elif tipo == "firma":
            eid = "conclusions"
        else:
            eid = f"{'hdg' if tipo == 'encabezado' else 'dis'}_{_slug(bloque.get('id', ''))}"
        candidate, n = eid, 2
        while candidate in seen:
            candidate, n = f"{eid}_{n}", n + 1
        if candidate != eid:
            doc.warn(f"duplicate eId {eid}: renamed {candidate}", bloque.sourceline)
        seen.add(candidate)
        out.append(candidate)
    return out


def _provision(bloque, version, eid: str, stack: list[tuple[int, str]]):
    """The provision a block version stands for, and its level if it is a container."""
    tipo, titulo = bloque.get("tipo"), bloque.get("titulo") or None
    paras = [p for p in version.iter("p") if p.get("class") not in _NOTE_CLASSES]
    classes = [p.get("class") for p in paras]
    if tipo == "encabezado":
        kind, prefix, level = next((_HEADINGS[c] for c in classes if c in _HEADINGS),
                                   ("part", "part", 1))
        while stack and stack[-1][0] >= level:
            stack.pop()
        parent = stack[-1][1] if stack else None
        num = titulo.split()[-1] if titulo else None
        own = f"{prefix}_{_slug(num or bloque.get('id', ''))}"
        heading = " ".join(_text(p) for p in paras[1:]) or None
        return Provision(f"{parent}__{own}" if parent else own, kind, titulo, heading, "",
                         parent, version.sourceline), level
    parent = stack[-1][1] if stack else None
    kind = {"preambulo": "preamble", "firma": "conclusions"}.get(tipo, "article")
    if tipo not in ("preambulo", "firma", "precepto"):
        kind = "text"
    heading = None
    if paras and paras[0].get("class") == "articulo":
        heading = re.sub(r"^(Artículo|Disposición)[^.]*\.\s*", "", _text(paras[0])).rstrip(".")
        heading = heading or None
        paras = paras[1:]
    text = "\n".join(t for t in (_text(p) for p in paras) if t)
    return Provision(eid, kind, titulo, heading, text, parent if kind == "article" else None,
                     version.sourceline), None
