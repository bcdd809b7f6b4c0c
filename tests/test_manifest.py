"""The release manifest against hostile and careless input: every bad value is refused with the
manifest file and the field's path named, nothing is written, no traceback reaches the CLI or the
admin API, and nothing passes silently (issue 14, finding 9)."""

from __future__ import annotations

import io
import json
import zipfile

import pytest
from click.testing import CliRunner
from conftest import CORPORA

from ingest.importer import import_release
from ingest.manifest import SCHEMA, load_manifest
from lexsearch.cli import main
from lexsearch.store import Store

ACT = CORPORA / "uz-lexuz-2025" / "Shaxsiy_Malumotlar_Qonuni.txt"  # OʻRQ-547 of 2019-07-02
URI = "/akn/uz/act/qonun/2019-07-02/orq-547"


def _entry(**fields) -> dict:
    return {"files": {"a.txt": fields}}


def _deep(n: int):
    value: object = "x"
    for _ in range(n):
        value = [value]
    return value


# name -> (manifest text or object, expected field path)
CASES = {
    "number_is_a_number": (_entry(work={"number": 547}), "files.a.txt.work.number"),
    "title_is_a_list": (_entry(work={"title": ["Shaxsga doir"]}), "files.a.txt.work.title"),
    "uri_is_an_object": (_entry(work={"uri": {"x": 1}}), "files.a.txt.work.uri"),
    "language_is_a_number": (_entry(language=1), "files.a.txt.language"),
    "valid_from_is_a_number": (_entry(valid_from=20260101), "files.a.txt.valid_from"),
    "valid_from_impossible": (_entry(valid_from="2026-02-30"), "files.a.txt.valid_from"),
    "title_of_2_mb": (_entry(work={"title": "x" * 2_000_000}), "files.a.txt.work.title"),
    "amended_by_of_1_mb": (_entry(amended_by="O" * 1_000_000), "files.a.txt.amended_by"),
    "deeply_nested_title": (_entry(work={"title": _deep(500)}), "files.a.txt.work.title"),
    "lone_surrogate_title": ('{"files": {"a.txt": {"work": {"title": "\\ud800x"}}}}',
                             "files.a.txt.work.title"),
    "unknown_status": (_entry(work={"status": "abolished"}), "files.a.txt.work.status"),
    "repeal_before_adoption": (_entry(work={"uri": URI, "date": "2019-07-02",
                                            "status": "repealed", "repealed_on": "2010-01-01"}),
                               "files.a.txt.work.repealed_on"),
    "repeal_date_while_in_force": (_entry(work={"uri": URI, "status": "in_force",
                                                "repealed_on": "2024-01-01"}),
                                   "files.a.txt.work.status"),
    "uri_and_date_disagree": (_entry(work={"uri": URI, "date": "2024-03-01"}),
                              "files.a.txt.work.date"),
    "uri_and_number_disagree": (_entry(work={"uri": URI, "number": "OʻRQ-548"}),
                                "files.a.txt.work.number"),
    "part_is_a_string": (_entry(part="1"), "files.a.txt.part"),
    "part_is_a_boolean": (_entry(part=True), "files.a.txt.part"),
    "part_is_zero": (_entry(part=0), "files.a.txt.part"),
    "unknown_format": (_entry(format="exe"), "files.a.txt.format"),
    "unknown_entry_field": (_entry(colour="red"), "files.a.txt"),
    "absolute_key": ({"files": {"/etc/passwd": {}}}, "files./etc/passwd"),
    "dotdot_key": ({"files": {"../a.txt": {}}}, "files.../a.txt"),
    "missing_file": ({"files": {"gone/b.txt": {}}}, "files.gone/b.txt"),
    "files_is_a_list": ({"files": []}, "files"),
    "key_with_newline": ({"files": {"a.txt\nerror: forged": {}}}, "files.a.txt\\nerror: forged"),
    "key_too_long_for_the_file_system": ({"files": {"a" * 300: {}}}, "files." + "a" * 300),
    "key_of_1001_characters": ({"files": {"a/" * 500 + "b": {}}}, "files"),
    "entry_is_a_string": ({"files": {"a.txt": "rus"}}, "files.a.txt"),
    "release_is_a_number": ({"release": 7, "files": {"a.txt": {}}}, "release"),
    "part_is_nan": ('{"files": {"a.txt": {"part": NaN}}}', "files.a.txt.part"),
}


def _write(folder, manifest) -> None:
    text = manifest if isinstance(manifest, str) else json.dumps(manifest)
    (folder / "release.json").write_text(text, encoding="utf-8")


@pytest.fixture
def release(tmp_path):
    folder = tmp_path / "release"
    folder.mkdir()
    (folder / "a.txt").write_bytes(ACT.read_bytes())
    return folder


@pytest.mark.parametrize("case", sorted(CASES))
def test_bad_manifest_value_is_refused_naming_the_field(release, tmp_path, case):
    manifest, field = CASES[case]
    _write(release, manifest)
    report = import_release(Store(tmp_path / "var"), [release])
    assert not report.ok
    assert [e["field"] for e in report.errors] == [field]
    (error,) = report.errors
    assert error["file"].endswith("release.json")
    assert len(error["message"]) < 300  # never the 2 MB value itself
    assert "\n" not in error["message"] + error["field"]
    assert Store(tmp_path / "var").stats()["works"] == 0


@pytest.mark.parametrize("text, needle", [
    ('{"files": {"a.txt": {}, "a.txt": {"language": "rus"}}}', "duplicate key 'a.txt'"),
    ('{"files": {"a.txt": {"work": {"title": "a", "title": "b"}}}}', "duplicate key 'title'"),
    ("[" * 100_000 + "]" * 100_000, "nested too deeply"),
    ('{"files": {"a.txt": {}}', "not valid JSON"),
    (b"\xff\xfe{}", "not UTF-8"),
])
def test_unreadable_manifest_is_refused(release, tmp_path, text, needle):
    path = release / "release.json"
    path.write_bytes(text if isinstance(text, bytes) else text.encode())
    report = import_release(Store(tmp_path / "var"), [release])
    assert not report.ok and needle in report.errors[0]["message"]
    assert report.errors[0]["file"].endswith("release.json")


def test_every_bad_field_is_listed_at_once(release, tmp_path):
    _write(release, {"files": {"a.txt": {"language": "xx", "valid_from": 5,
                                         "work": {"number": 1}}}})
    report = import_release(Store(tmp_path / "var"), [release])
    assert sorted(e["field"] for e in report.errors) == [
        "files.a.txt.language", "files.a.txt.valid_from", "files.a.txt.work.number"]


def test_key_through_a_symlink_out_of_the_folder_is_refused(tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.txt").write_bytes(ACT.read_bytes())
    folder = tmp_path / "release"
    folder.mkdir()
    (folder / "a.txt").symlink_to(outside / "secret.txt")
    (folder / "sub").symlink_to(outside, target_is_directory=True)
    _write(folder, {"files": {"a.txt": {}, "sub/secret.txt": {}}})
    report = import_release(Store(tmp_path / "var"), [folder])
    assert sorted(e["field"] for e in report.errors) == ["files.a.txt", "files.sub/secret.txt"]
    assert all("outside the imported folder" in e["message"] for e in report.errors)


def test_cli_names_the_field_and_prints_no_traceback(release, tmp_path):
    manifest = tmp_path / "elsewhere.json"
    manifest.write_text(json.dumps(_entry(work={"number": ["OʻRQ-547"]})), encoding="utf-8")
    result = CliRunner().invoke(main, ["--data", str(tmp_path / "var"), "import", "--no-index",
                                       str(release), "--manifest", str(manifest)])
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert "elsewhere.json [files.a.txt.work.number]: must be of type string, not array" \
        in result.output


def test_cli_missing_manifest_file_is_named(release, tmp_path):
    result = CliRunner().invoke(main, ["--data", str(tmp_path / "var"), "import", "--no-index",
                                       str(release), "--manifest", str(tmp_path / "nope.json")])
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "nope.json: cannot read file" in result.output


def test_manifest_outside_a_read_only_folder(tmp_path):
    """``--manifest``: the folder stays untouched (here: read-only), keys are relative to it."""
    folder = tmp_path / "ro" / "acts"
    folder.mkdir(parents=True)
    (folder / "sub").mkdir()
    (folder / "sub" / "Shaxsiy.txt").write_bytes(ACT.read_bytes())
    manifest = tmp_path / "m.json"
    manifest.write_text(json.dumps({"files": {"sub/Shaxsiy.txt": {
        "work": {"uri": URI, "number": "OʻRQ-547"}, "valid_from": "2025-01-01"}}}), "utf-8")
    (folder / "sub").chmod(0o555)
    folder.chmod(0o555)
    try:
        result = CliRunner().invoke(main, ["--data", str(tmp_path / "var"), "import", "--json",
                                           "--no-index", str(folder), "--manifest",
                                           str(manifest)])
    finally:
        folder.chmod(0o755)
        (folder / "sub").chmod(0o755)
    assert result.exit_code == 0, result.output
    (work,) = json.loads(result.stdout)["works"]
    assert work["uri"] == URI and work["editions"] == ["2025-01-01"]
    assert work["file"] == "sub/Shaxsiy.txt"


def test_admin_import_answers_400_with_the_field(tmp_path):
    from web import create_app

    token = "s3cret-admin-token-for-tests"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        zf.writestr("a.txt", ACT.read_bytes())
        zf.writestr("release.json", json.dumps(_entry(work={"title": {"deep": [1]}})))
    client = create_app({"DATA_DIR": str(tmp_path / "var"), "ADMIN_TOKEN": token}).test_client()
    resp = client.post("/api/v1/admin/import", headers={"Authorization": f"Bearer {token}"},
                       data={"release": (io.BytesIO(buffer.getvalue()), "gazette.zip")},
                       content_type="multipart/form-data")
    assert resp.status_code == 400 and resp.is_json
    (error,) = resp.get_json()["errors"]
    assert error["field"] == "files.a.txt.work.title" and error["file"].endswith("release.json")


def test_schema_is_a_valid_json_schema():
    import jsonschema

    jsonschema.Draft202012Validator.check_schema(SCHEMA)


def test_good_manifest_entry_is_read(release):
    _write(release, {"release": "r", "_comment": "people's notes", "files": {"a.txt": {
        "work": {"uri": URI, "number": "OʻRQ-547", "date": "2019-07-02", "status": "in_force"},
        "language": "uzb", "valid_from": "2021-04-21", "amended_by": "OʻRQ-683", "part": 1}}})
    entry = load_manifest(release / "release.json").entry("a.txt")
    assert entry.work["uri"] == URI and entry.part == 1 and entry.amended_by == "OʻRQ-683"
