import pytest

from lexsearch.uri import FrbrUri, slug, work_uri


@pytest.mark.parametrize("text", [
    "/akn/uz/act/qonun/2019-07-02/orq-547",
    "/akn/uz/act/qonun/2019-07-02/orq-547/uzb@2021-04-21",
    "/akn/uz/act/qonun/2019-07-02/orq-547/uzb-Cyrl@2021-04-21",
    "/akn/uz/act/kodeks/2022-10-28/orq-798/uzb@2026-07-01/~art_39",
    "/akn/uz/act/kodeks/2022-10-28/orq-798/~art_121.1",
    "/akn/ru/act/kodeks/1995-11-16/167-fz/rus",
])
def test_round_trip(text):
    assert str(FrbrUri.parse(text)) == text


def test_work_and_expression():
    uri = FrbrUri.parse("/akn/uz/act/qonun/2019-07-02/orq-547/uzb@2021-04-21/~art_2")
    assert str(uri.work()) == "/akn/uz/act/qonun/2019-07-02/orq-547"
    assert str(uri.work().expression("rus", "2022-01-01")) == \
        "/akn/uz/act/qonun/2019-07-02/orq-547/rus@2022-01-01"
    assert (uri.language, uri.expression_date, uri.portion) == ("uzb", "2021-04-21", "art_2")


@pytest.mark.parametrize("bad, part", [
    ("/akn/uz/act/qonun/2019-13-02/orq-547", "impossible date"),
    ("/akn/uz/act/qonun/2019-07-02", "must be"),
    ("/akn/uz/act/Qonun/2019-07-02/orq-547", "subtype"),
    ("/akn/uz/act/qonun/2019-07-02/orq-547/UZB", "language"),
    ("/akn/uz/act/qonun/2019-07-02/orq-547/uzb@2019-02-30", "impossible date"),
    ("akn/uz/act/qonun/2019-07-02/orq-547", "must start"),
])
def test_bad_uris_name_the_part(bad, part):
    with pytest.raises(ValueError, match=part):
        FrbrUri.parse(bad)


def test_work_uri_normalises_printed_numbers():
    assert str(work_uri("qonun", "2019-07-02", "O‘RQ-547")) == "/akn/uz/act/qonun/2019-07-02/orq-547"
    assert str(work_uri("qonun", "2019-07-02", "ЗРУ-547")) == "/akn/uz/act/qonun/2019-07-02/orq-547"
    assert slug("560-II") == "560-ii"
