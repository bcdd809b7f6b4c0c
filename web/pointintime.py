"""The act page's glue to ``lexsearch.pointintime``: a date asked (``?as_of=``) without an
exact edition in the URL gets the edition the one shared function picks and its per-provision
statuses, which ``documents/_asof_banner.html`` and ``documents/_asof_status.html`` show."""

from __future__ import annotations

from flask import abort

from lexsearch.errors import NotFound
from lexsearch.pointintime import PointInTime, as_of
from lexsearch.uri import FrbrUri

from .act_view import store


def page_point_in_time(parsed: FrbrUri, day: str | None,
                       lang: str | None) -> PointInTime | None:
    """None without a date or with an exact edition (``…/uzb@DATE``); 404 for an unknown work,
    language, or a date before the act existed."""
    if not day or parsed.expression_date:
        return None
    try:
        return as_of(store(), parsed.work_uri, day, lang or parsed.language)
    except NotFound as exc:
        abort(404, str(exc))


# key: (uz, uz-Cyrl, ru, en); kept beside the view that uses them
_LABELS: dict[str, tuple[str, str, str, str]] = {
    "asof_nearest": ("Bu sanada kuchda boʻlgan tahrir bazada yoʻq; eng yaqin tahrir koʻrsatilgan",
                     "Бу санада кучда бўлган таҳрир базада йўқ; энг яқин таҳрир кўрсатилган",
                     "Редакции, действовавшей на эту дату, нет в базе; показана ближайшая",
                     "No stored edition was in force on this date; the nearest one is shown"),
    "asof_exact": ("Bu sanada kuchda boʻlgan tahrir", "Бу санада кучда бўлган таҳрир",
                   "Редакция, действовавшая на эту дату", "The edition in force on this date"),
    "asof_not_in_force": ("Hujjat bu sanada hali kuchga kirmagan edi",
                          "Ҳужжат бу санада ҳали кучга кирмаган эди",
                          "На эту дату акт ещё не вступил в силу",
                          "The act was not yet in force on this date"),
    "asof_help": ("Har bir modda yonida oʻzgartirish izohlari shu sana haqida nimani isbotlashi "
                  "koʻrsatilgan.", "Ҳар бир модда ёнида ўзгартириш изоҳлари шу сана ҳақида "
                  "нимани исботлаши кўрсатилган.", "У каждой статьи указано, что о этой дате "
                  "доказывают примечания об изменениях.", "Each provision shows what its "
                  "amendment notes prove about that date."),
    "asof_absent": ("Bu tahrirda yoʻq, lekin izohlar nomlaydi", "Бу таҳрирда йўқ, лекин "
                    "изоҳлар номлайди", "Нет в этой редакции, но названы в примечаниях",
                    "Not in this edition, named by the notes"),
    "status_same": ("Oʻsha sanada ham shu matn", "Ўша санада ҳам шу матн",
                    "На эту дату — тот же текст", "Same text then"),
    "status_added": ("Keyin qoʻshilgan (u paytda yoʻq edi)", "Кейин қўшилган (у пайтда йўқ эди)",
                     "Добавлено позже (тогда не существовало)", "Added later (did not exist then)"),
    "status_changed": ("Keyin oʻzgartirilgan (u paytdagi matn boshqacha)",
                       "Кейин ўзгартирилган (у пайтдаги матн бошқача)",
                       "Изменено позже (тогда редакция была иной)",
                       "Changed later (the wording then differs)"),
    "status_repealed": ("Keyin kuchini yoʻqotgan (u paytda kuchda edi)",
                        "Кейин кучини йўқотган (у пайтда кучда эди)",
                        "Утратило силу позже (тогда действовало)",
                        "Repealed later (in force then)"),
    "status_unknown": ("Nomaʼlum: izohda sana yoʻq", "Номаълум: изоҳда сана йўқ",
                       "Неизвестно: в примечании нет даты", "Unknown: a note without a date"),
    "asof_in_force_from": ("kuchga kirgan", "кучга кирган", "вступило в силу", "in force from"),
    "asof_retroactive": ("orqaga tatbiq", "орқага татбиқ", "с обратной силой с",
                         "applies back to"),
    "asof_earlier": ("oldingi tahrir", "олдинги таҳрир", "прежняя редакция", "earlier edition"),
    "asof_via": ("butun", "бутун", "вся часть", "whole"),
    "asof_notes": ("Buni isbotlovchi izohlar", "Буни исботловчи изоҳлар",
                   "Доказывающие примечания", "The notes that prove it"),
    "asof_nearest_hit": ("Matn eng yaqin tahrirdan", "Матн энг яқин таҳрирдан",
                         "Текст ближайшей редакции", "Text of the nearest edition held"),
}


def asof_label(key: str) -> str:
    """A point-in-time label in the interface language (the act page, search hits)."""
    from .i18n import UI_LANGUAGES, current_ui

    labels = _LABELS.get(key)
    if labels is None:
        return key
    ui = current_ui()
    return labels[UI_LANGUAGES.index(ui)] if ui in UI_LANGUAGES else labels[0]


class AsOfView:
    """What the act page's as-of includes see as ``asof_summary``: the point in time and its
    labels in the interface language."""

    def __init__(self, pit: PointInTime) -> None:
        self.pit = pit

    def t(self, key: str) -> str:
        return asof_label(key)

    def changed(self) -> list:
        """The provisions whose text on the date is not the one shown (and those absent)."""
        return [s for s in [*self.pit.statuses.values(), *self.pit.absent] if s.status != "same"]
