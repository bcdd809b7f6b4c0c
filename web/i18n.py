"""Interface labels in Uzbek (Latin and Cyrillic), Russian and English.

The interface language comes from ``?ui=`` (remembered in a cookie) or the cookie alone; the
default is Uzbek Latin. ``t(key)`` in templates gives the label in the chosen language and
falls back to Uzbek Latin, then to the key itself, so a missing label shows, never crashes.
"""

from __future__ import annotations

from flask import g, request

UI_LANGUAGES = ("uz", "uz-Cyrl", "ru", "en")
DEFAULT_UI = "uz"
COOKIE = "ui"
# How each interface language is named in the switch, in its own script.
UI_NAMES = {"uz": "Oʻzbekcha", "uz-Cyrl": "Ўзбекча", "ru": "Русский", "en": "English"}
# The interface language that suits a document language best.
UI_FOR_DOC = {"uzb": "uz", "uzb-Cyrl": "uz-Cyrl", "rus": "ru", "eng": "en"}

# key: (uz, uz-Cyrl, ru, en)
_LABELS: dict[str, tuple[str, str, str, str]] = {
    "site": ("Qonunchilik maʼlumotlari", "Қонунчилик маълумотлари",
             "Законодательство", "Legislation"),
    "search": ("Qidirish", "Қидириш", "Найти", "Search"),
    "remove_filter": ("Filtrni olib tashlash", "Филтрни олиб ташлаш", "Снять фильтр",
                      "Remove filter"),
    "search_placeholder": ("Soʻz, hujjat raqami yoki modda", "Сўз, ҳужжат рақами ёки модда",
                           "Слово, номер акта или статья", "Words, act number or article"),
    "browse": ("Koʻrib chiqish", "Кўриб чиқиш", "Обзор", "Browse"),
    "by_type": ("Hujjat turi boʻyicha", "Ҳужжат тури бўйича", "По виду акта", "By type"),
    "by_issuer": ("Qabul qilgan organ boʻyicha", "Қабул қилган орган бўйича",
                  "По принявшему органу", "By issuing body"),
    "latest_releases": ("Soʻnggi yangilanishlar", "Сўнгги янгиланишлар",
                        "Последние поступления", "Latest releases"),
    "release": ("Yangilanish", "Янгиланиш", "Поступление", "Release"),
    "files": ("fayl", "файл", "файлов", "files"),
    "works": ("hujjat", "ҳужжат", "актов", "acts"),
    "editions": ("Tahrirlar", "Таҳрирлар", "Редакции", "Editions"),
    "articles": ("modda", "модда", "статей", "articles"),
    "all_acts": ("Barcha hujjatlar", "Барча ҳужжатлар", "Все акты", "All acts"),
    "type": ("Turi", "Тури", "Вид", "Type"),
    "number": ("Raqami", "Рақами", "Номер", "Number"),
    "adopted": ("Qabul qilingan", "Қабул қилинган", "Принят", "Adopted"),
    "entry_into_force": ("Kuchga kirgan", "Кучга кирган", "Вступил в силу", "In force from"),
    "repealed_on": ("Kuchini yoʻqotgan", "Кучини йўқотган", "Утратил силу", "Repealed on"),
    "issuer": ("Qabul qilgan organ", "Қабул қилган орган", "Принявший орган", "Issuing body"),
    "status": ("Holati", "Ҳолати", "Статус", "Status"),
    "status_in_force": ("Amalda", "Амалда", "Действует", "In force"),
    "status_repealed": ("Kuchini yoʻqotgan", "Кучини йўқотган", "Утратил силу", "Repealed"),
    "status_not_yet_in_force": ("Kuchga kirmagan", "Кучга кирмаган", "Не вступил в силу",
                                "Not yet in force"),
    "status_unknown": ("Nomaʼlum", "Номаълум", "Неизвестно", "Unknown"),
    "banner_repealed": ("Ushbu hujjat kuchini yoʻqotgan", "Ушбу ҳужжат кучини йўқотган",
                        "Документ утратил силу", "This act has been repealed"),
    "banner_not_yet": ("Ushbu hujjat hali kuchga kirmagan", "Ушбу ҳужжат ҳали кучга кирмаган",
                       "Документ ещё не вступил в силу", "This act is not yet in force"),
    "banner_old_edition": ("Siz eski tahrirni koʻryapsiz", "Сиз эски таҳрирни кўряпсиз",
                           "Вы смотрите прежнюю редакцию", "You are reading an earlier edition"),
    "banner_future_edition": ("Ushbu tahrir quyidagi sanadan kuchga kiradi",
                              "Ушбу таҳрир қуйидаги санадан кучга киради",
                              "Эта редакция вступает в силу", "This edition enters into force on"),
    "outgoing": ("Havola qilingan hujjatlar", "Ҳавола қилинган ҳужжатлар", "Ссылается на",
                 "Cites"),
    "not_available_yet": ("hali mavjud emas", "ҳали мавжуд эмас", "пока нет данных",
                          "not available yet"),
    "current_edition": ("Amaldagi tahrir", "Амалдаги таҳрир", "Действующая редакция",
                        "Current edition"),
    "edition": ("Tahrir", "Таҳрир", "Редакция", "Edition"),
    "edition_from": ("tahrir, kuchda", "таҳрир, кучда", "редакция от", "edition in force from"),
    "produced_by": ("Asos", "Асос", "Основание", "Produced by"),
    "gazette": ("Manba", "Манба", "Источник", "Published in"),
    "as_of": ("Sanaga koʻra", "Санага кўра", "По состоянию на", "As of date"),
    "show": ("Koʻrsatish", "Кўрсатиш", "Показать", "Show"),
    "contents": ("Mundarija", "Мундарижа", "Оглавление", "Contents"),
    "history": ("Oʻzgarishlar tarixi", "Ўзгаришлар тарихи", "История изменений", "History"),
    "earlier_wording": ("Oldingi tahrir mavjud", "Олдинги таҳрир мавжуд",
                        "Есть прежняя редакция", "An earlier wording exists"),
    "publications": ("Rasmiy nashrlar", "Расмий нашрлар", "Официальные публикации",
                     "Official publications"),
    "link_here": ("Havola", "Ҳавола", "Ссылка", "Link"),
    "doc_language": ("Hujjat tili", "Ҳужжат тили", "Язык документа", "Document language"),
    "cited_by": ("Ushbu hujjatga havolalar", "Ушбу ҳужжатга ҳаволалар", "Ссылки на акт",
                 "Cited by"),
    "changed_by": ("Oʻzgartirgan hujjatlar", "Ўзгартирган ҳужжатлар", "Изменён актами",
                   "Changed by"),
    "compare": ("Tahrirlarni solishtirish", "Таҳрирларни солиштириш", "Сравнить редакции",
                "Compare editions"),
    "timeline": ("Tahrirlar xronologiyasi", "Таҳрирлар хронологияси", "Хронология редакций",
                 "Timeline"),
    "from": ("Dan", "Дан", "С", "From"),
    "to": ("Gacha", "Гача", "По", "To"),
    "download": ("Yuklab olish", "Юклаб олиш", "Скачать", "Download"),
    "feed": ("Yangiliklar lentasi", "Янгиликлар лентаси", "Лента", "Feed"),
    "results": ("natija", "натижа", "результатов", "results"),
    "no_results": ("Hech narsa topilmadi", "Ҳеч нарса топилмади", "Ничего не найдено",
                   "Nothing found"),
    "language": ("Til", "Тил", "Язык", "Language"),
    "lang": ("Hujjat tili", "Ҳужжат тили", "Язык документа", "Document language"),
    "any": ("Barchasi", "Барчаси", "Все", "Any"),
    "sort": ("Saralash", "Саралаш", "Сортировка", "Sort"),
    "sort_relevance": ("Moslik", "Мослик", "По релевантности", "Relevance"),
    "sort_date": ("Sana", "Сана", "По дате", "Date"),
    "previous": ("Oldingi", "Олдинги", "Назад", "Previous"),
    "next": ("Keyingi", "Кейинги", "Далее", "Next"),
    "page": ("Sahifa", "Саҳифа", "Страница", "Page"),
    "did_you_mean": ("Balki shuni nazarda tutgandirsiz", "Балки шуни назарда тутгандирсиз",
                     "Возможно, вы искали", "Did you mean"),
    "showing_results_for": ("Natijalar soʻrov uchun", "Натижалар сўров учун",
                            "Показаны результаты по запросу", "Showing results for"),
    "nearest_words": ("Yaqin soʻzlar", "Яқин сўзлар", "Похожие слова", "Nearest words"),
    "search_unavailable": ("Qidiruv vaqtincha ishlamayapti", "Қидирув вақтинча ишламаяпти",
                           "Поиск временно недоступен", "Search is unavailable"),
    "search_unavailable_help": (
        "Qidiruv indeksi qurilmagan yoki shikastlangan: administrator `lexsearch index` "
        "(shikastlangan boʻlsa `lexsearch index --rebuild`) buyrugʻini ishga tushirishi kerak.",
        "Қидирув индекси қурилмаган ёки шикастланган: администратор `lexsearch index` "
        "(шикастланган бўлса `lexsearch index --rebuild`) буйруғини ишга тушириши керак.",
        "Поисковый индекс не построен или повреждён: администратору нужно запустить "
        "`lexsearch index` (если повреждён, `lexsearch index --rebuild`).",
        "The search index is not built or is damaged: an administrator needs to run "
        "`lexsearch index` (`lexsearch index --rebuild` when it is damaged)."),
    "unavailable": ("Xizmat vaqtincha ishlamayapti", "Хизмат вақтинча ишламаяпти",
                    "Сервис временно недоступен", "Service temporarily unavailable"),
    "added": ("Qoʻshilgan", "Қўшилган", "Добавлено", "Added"),
    "removed": ("Chiqarilgan", "Чиқарилган", "Исключено", "Removed"),
    "changed": ("Oʻzgargan", "Ўзгарган", "Изменено", "Changed"),
    "moved": ("Koʻchirilgan", "Кўчирилган", "Перемещено", "Moved"),
    "unchanged": ("Oʻzgarmagan", "Ўзгармаган", "Без изменений", "Unchanged"),
    "side_by_side": ("Yonma-yon", "Ёнма-ён", "Рядом", "Side by side"),
    "inline": ("Bir matnda", "Бир матнда", "В одном тексте", "Inline"),
    "not_found": ("Topilmadi", "Топилмади", "Не найдено", "Not found"),
    "bad_request": ("Notoʻgʻri soʻrov", "Нотўғри сўров", "Неверный запрос", "Bad request"),
    "error": ("Xatolik", "Хатолик", "Ошибка", "Error"),
    "home": ("Bosh sahifa", "Бош саҳифа", "Главная", "Home"),
    "statistics": ("hujjat, tahrir va modda", "ҳужжат, таҳрир ва модда",
                   "актов, редакций и статей", "acts, editions and articles"),
    # note actions
    "action_wording": ("tahririda", "таҳририда", "в редакции", "reworded by"),
    "action_inserted": ("bilan kiritilgan", "билан киритилган", "введено", "inserted by"),
    "action_removed": ("bilan chiqarilgan", "билан чиқарилган", "исключено", "removed by"),
    "action_repealed": ("bilan kuchini yoʻqotgan", "билан кучини йўқотган", "утратило силу",
                        "repealed by"),
    "action_entry_into_force": ("kuchga kirishi", "кучга кириши", "вступление в силу",
                                "entry into force"),
    "action_amended": ("bilan oʻzgartirilgan", "билан ўзгартирилган", "изменено",
                       "amended by"),
    "action_published": ("eʼlon qilingan", "эълон қилинган", "опубликовано", "published"),
    "action_unknown": ("izoh", "изоҳ", "примечание", "note"),
    # act types (subtypes of the URI)
    "subtype_konstitutsiya": ("Konstitutsiya", "Конституция", "Конституция", "Constitution"),
    "subtype_kodeks": ("Kodeks", "Кодекс", "Кодекс", "Code"),
    "subtype_qonun": ("Qonun", "Қонун", "Закон", "Law"),
    "subtype_pf": ("Prezident farmoni", "Президент фармони", "Указ Президента",
                   "Presidential decree"),
    "subtype_pq": ("Prezident qarori", "Президент қарори", "Постановление Президента",
                   "Presidential resolution"),
    "subtype_vmq": ("Vazirlar Mahkamasi qarori", "Вазирлар Маҳкамаси қарори",
                    "Постановление Кабинета Министров", "Cabinet resolution"),
    "subtype_farmoyish": ("Prezident farmoyishi", "Президент фармойиши",
                          "Распоряжение Президента", "Presidential order"),
    "subtype_buyruq": ("Vazirlik buyrugʻi", "Вазирлик буйруғи", "Приказ министерства",
                       "Ministerial order"),
    "subtype_qaror": ("Idora qarori", "Идора қарори", "Постановление ведомства",
                      "Departmental resolution"),
    # languages of the text, transliteration, parallel view
    "in_other_languages": ("Boshqa tillarda", "Бошқа тилларда", "На других языках",
                           "In other languages"),
    "translit_short": ("avtomatik transliteratsiya", "автоматик транслитерация",
                       "автоматическая транслитерация", "automatic transliteration"),
    "translit_notice": ("Avtomatik transliteratsiya: rasmiy matn emas.",
                        "Автоматик транслитерация: расмий матн эмас.",
                        "Автоматическая транслитерация: не официальный текст.",
                        "Automatic transliteration: not an official text."),
    "translit_help": ("Matn boshqa yozuvga dastur yordamida oʻgirilgan, xatolar boʻlishi mumkin.",
                      "Матн бошқа ёзувга дастур ёрдамида ўгирилган, хатолар бўлиши мумкин.",
                      "Текст переведён в другую графику программой и может содержать ошибки.",
                      "The text was converted to the other script by a program and may contain "
                      "errors."),
    "official_text": ("Rasmiy matn", "Расмий матн", "Официальный текст", "Official text"),
    "parallel": ("Parallel matn (ikki til yonma-yon)", "Параллел матн (икки тил ёнма-ён)",
                 "Параллельный текст (два языка рядом)", "Parallel text (two languages)"),
    "parallel_title": ("Parallel matn", "Параллел матн", "Параллельный текст", "Parallel text"),
    "left_text": ("Chap matn", "Чап матн", "Левый текст", "Left text"),
    "right_text": ("Oʻng matn", "Ўнг матн", "Правый текст", "Right text"),
    "whole_act": ("Butun hujjat", "Бутун ҳужжат", "Весь акт", "Whole act"),
    "part_of_act": ("Qism", "Қисм", "Часть", "Part"),
    "only_in": ("Faqat shu tilda", "Фақат шу тилда", "Только на этом языке",
                "Only in this language"),
    "missing_here": ("Bu tilda yoʻq", "Бу тилда йўқ", "Нет на этом языке",
                     "Not in this language"),
    "provisions_count": ("qism va modda", "қисм ва модда", "положений", "provisions"),
    # jurisdiction
    "jurisdiction": ("Yurisdiksiya", "Юрисдикция", "Юрисдикция", "Jurisdiction"),
    "all_jurisdictions": ("Barcha davlatlar", "Барча давлатлар", "Все страны",
                          "All countries"),
    "country_uz": ("Oʻzbekiston", "Ўзбекистон", "Узбекистан", "Uzbekistan"),
    "country_ru": ("Rossiya Federatsiyasi", "Россия Федерацияси", "Российская Федерация",
                   "Russian Federation"),
    "country_es": ("Ispaniya", "Испания", "Испания", "Spain"),
    "country_de": ("Germaniya", "Германия", "Германия", "Germany"),
    "foreign_act": ("Xorijiy hujjat", "Хорижий ҳужжат", "Иностранный акт", "Foreign act"),
    # amendment chart
    "amendments_per_year": ("Yillar boʻyicha oʻzgartirgan hujjatlar",
                            "Йиллар бўйича ўзгартирган ҳужжатлар",
                            "Изменяющие акты по годам", "Amending acts per year"),
    "amendments_chart_desc": ("Har bir yilda ushbu hujjatga oʻzgartish kiritgan hujjatlar soni",
                              "Ҳар бир йилда ушбу ҳужжатга ўзгартиш киритган ҳужжатлар сони",
                              "Число актов, изменивших этот акт, по годам",
                              "How many acts changed this act in each year"),
    "year": ("Yil", "Йил", "Год", "Year"),
    # document languages
    "lang_uzb": ("Oʻzbekcha (lotin)", "Ўзбекча (лотин)", "Узбекский (латиница)",
                 "Uzbek (Latin)"),
    "lang_uzb-Cyrl": ("Oʻzbekcha (kirill)", "Ўзбекча (кирилл)", "Узбекский (кириллица)",
                      "Uzbek (Cyrillic)"),
    "lang_rus": ("Ruscha", "Русча", "Русский", "Russian"),
    "lang_eng": ("Inglizcha", "Инглизча", "Английский", "English"),
}

_INDEX = {code: i for i, code in enumerate(UI_LANGUAGES)}


def label(key: str, ui: str = DEFAULT_UI) -> str:
    """The label ``key`` in interface language ``ui``; the key itself when unknown."""
    row = _LABELS.get(key)
    if row is None:
        return key
    return row[_INDEX.get(ui, 0)] or row[0]


def pick_ui() -> str:
    """The interface language of this request: ``?ui=``, then the cookie, then the default."""
    for value in (request.args.get("ui"), request.cookies.get(COOKIE)):
        if value in _INDEX:
            return value
    return DEFAULT_UI


def current_ui() -> str:
    return g.get("ui", DEFAULT_UI)


def t(key: str) -> str:
    """Template helper: ``{{ t('search') }}``."""
    return label(key, current_ui())


def subtype_label(subtype: str | None) -> str:
    key = f"subtype_{subtype}"
    return t(key) if key in _LABELS else (subtype or "")


def country_label(country: str | None) -> str:
    """``ru`` -> "Rossiya Federatsiyasi" …; an unknown code upper-cased (``FR``)."""
    key = f"country_{country}"
    return t(key) if key in _LABELS else (country or "").upper()


def lang_label(lang: str) -> str:
    key = f"lang_{lang}"
    return t(key) if key in _LABELS else lang


def html_lang(ui: str) -> str:
    """The BCP 47 tag for ``<html lang>``."""
    return {"uz": "uz-Latn", "uz-Cyrl": "uz-Cyrl"}.get(ui, ui)


# Document languages (the store's codes) as BCP 47 tags for ``lang`` attributes.
_CONTENT_LANG = {"uzb": "uz-Latn", "uzb-Cyrl": "uz-Cyrl", "rus": "ru", "eng": "en",
                 "spa": "es", "deu": "de"}


def content_lang(lang: str) -> str:
    """``uzb`` -> ``uz-Latn``, ``rus`` -> ``ru`` …: the tag of a document language."""
    return _CONTENT_LANG.get(lang, lang)


def keys() -> list[str]:
    return list(_LABELS)
