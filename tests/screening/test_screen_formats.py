"""Every list format on a real file or excerpt, and malformed files rejected with file:line."""

from pathlib import Path

import pytest

from darkfleet.data import sample_path
from darkfleet.errors import ScreeningError, UsageError
from darkfleet.screening import read_lists
from darkfleet.screening.formats import detect_format

SDN = sample_path("sanctions/ofac_sdn_2024-05-03/sdn.csv")
ALT = sample_path("sanctions/ofac_alt_2025-02_watchman/alt.csv")
UN = sample_path("sanctions/un_consolidated_2026-02-27_watchman/UN_consolidated.xml")
UK_CSV = sample_path("sanctions/uk_fcdo_sanctions_list_2025-08-11/FCDO_SL_2025-08-11.derived.csv")
UK_ODS = sample_path("sanctions/uk_fcdo_sanctions_list_2025-08-11/FCDO_SL_Mon_Aug_11_2025.ods")


def _by_id(sanctions_list, entry_id):
    return next(e for e in sanctions_list.entries if e.id == entry_id)


def test_ofac_sdn_csv_with_aliases(lists):
    sdn = lists[0]
    assert (sdn.list, sdn.version, sdn.source, sdn.format) == (
        "OFAC SDN", "2024-05-03", "sdn.csv + alt.csv", "ofac_sdn_csv")
    assert (len(sdn.entries), len(sdn.vessels())) == (14965, 851)
    assert sum(1 for e in sdn.vessels() if e.imo) == 844
    lady = _by_id(sdn, "36400")
    assert (lady.name, lady.imo, lady.mmsi, lady.callsign, lady.linked_to) == (
        "LADY RANIA", 9784893, 273382620, "UBBO9", ("ALFA-LIZING OOO",))
    assert _by_id(sdn, "37098").names == ("MAIA-1", "NEPTUN")
    assert _by_id(sdn, "37098").name_kinds == ("primary", "fka")


def test_un_consolidated_xml_keeps_company_imo_numbers(lists):
    un = lists[1]
    assert (un.list, un.version, len(un.entries), len(un.vessels())) == ("UN", "2026-02-27",
                                                                         1029, 0)
    company = _by_id(un, "KPe.022")
    assert (company.name, company.kind, company.imo, company.programs, company.listed_on) == (
        "CHONGCHONGANG SHIPPING COMPANY", "organization", 5342883, ("DPRK",), "2016-03-02")
    assert sum(1 for e in un.entries if e.imo) == 16


def test_un_comments_name_the_vessels_of_listed_companies(lists):
    refs = [e for e in lists[1].entries if e.kind == "vessel_ref"]
    assert len(refs) == 26
    paek_ma = _by_id(lists[1], "KPe.057/PAEK MA")
    assert (paek_ma.names, paek_ma.flag, paek_ma.linked_to, paek_ma.link_kinds,
            paek_ma.programs, paek_ma.listed_on) == (
        ("PAEK MA",), "KP", ("FIRST OIL JV CO LTD",), ("owner",), ("DPRK",), None)
    koti = _by_id(lists[1], "KPe.067/KOTI")
    assert (koti.flag, koti.linked_to, koti.link_kinds) == ("PA", ("KOTI CORP",), ("manager",))
    assert {e.id for e in refs if e.id.startswith("KPe.070/")} == {
        "KPe.070/JI SONG 6", "KPe.070/JI SONG 8", "KPe.070/WOORY STAR"}


def test_ofac_csv_keeps_what_corroborates_a_name(lists):
    artavil = _by_id(lists[0], "15036")
    assert (artavil.vessel_type, artavil.tonnage, artavil.flag, artavil.former_flags) == (
        "Crude/Oil Products Tanker", 56068, "Iran",
        ("Malta", "Tuvalu", "Tanzania"))
    assert artavil.link_kinds == ("OFAC Linked To",)
    assert _by_id(lists[0], "37095").build_year is None
    assert sum(1 for e in lists[0].vessels() if e.build_year) == 18


def test_uk_csv_and_ods_give_the_same_entries():
    warnings: list[str] = []
    from_csv, from_ods = read_lists([UK_CSV, UK_ODS], warnings=warnings)
    assert (from_csv.version, from_ods.version) == ("2025-08-11", "2025-08-11")
    assert (from_csv.format, from_ods.format) == ("uk_csv", "uk_ods")
    assert from_csv.entries == from_ods.entries
    assert (len(from_csv.entries), len(from_csv.vessels())) == (5300, 461)
    maisha = next(e for e in from_csv.vessels() if e.name == "MAISHA")
    assert (maisha.id, maisha.programs, maisha.listed_on) == ("RUS2601", ("Russia",),
                                                              "2025-05-09")
    assert warnings[0].endswith("FCDO_SL_2025-08-11.derived.csv:649: BEL0174 has no name; "
                                "skipped")
    assert len(warnings) == 4


def test_ofac_advanced_xml(data):
    [sdn] = read_lists([data / "ofac_advanced_excerpt.xml"])
    assert (sdn.list, sdn.version, sdn.format) == ("OFAC SDN", "2024-05-03", "ofac_xml")
    angara, sparta, maria, lady, owner = sdn.entries
    assert (angara.name, angara.kind, angara.imo, angara.programs, angara.linked_to) == (
        "ANGARA", "vessel", 9179842, ("RUSSIA-EO14024",), ("M LEASING LLC",))
    assert (sparta.names, sparta.name_kinds) == (("SPARTA III", "URSA MAJOR"),
                                                 ("primary", "aka"))
    assert (maria.imo, maria.callsign) == (8517839, "UBRH7")
    assert (lady.name, lady.imo, lady.mmsi, lady.callsign) == ("LADY RANIA", 9784893,
                                                              273382620, "UBBO9")
    assert (owner.id, owner.kind, owner.imo, owner.programs) == (
        "37065", "organization", None, ("RUSSIA-EO14024",))


def test_opensanctions_ftm(data):
    [os_list] = read_lists([data / "opensanctions_eu_fsf_excerpt.ftm.json"])
    assert (os_list.list, os_list.version, os_list.format) == ("OpenSanctions", "2024-03-28",
                                                               "ftm_json")
    assert [(e.id, e.kind, e.listed_on) for e in os_list.entries] == [
        ("NK-2GdmHtZTeNXjNVrBGEXZNj", "organization", "2022-06-03"),
        ("NK-2Ka3UvopqbpZmVDFjWd4LA", "person", "2024-02-23"),
        ("NK-2PacmNpiLUmoz4XD2mSt7A", "organization", "2012-03-24")]
    assert os_list.entries[2].names == ("IRGC", "Iranian Revolutionary Guard Corps")


def test_ftm_relations_link_entries(data):
    [links] = read_lists([data / "ofac_links_excerpt.ftm.json"])
    vessel, company, force = links.entries
    assert (vessel.kind, vessel.imo, vessel.tonnage, vessel.vessel_type, vessel.former_flags,
            vessel.linked_to, vessel.link_kinds) == (
        "vessel", 9187629, 56068, "Crude/Oil Products Tanker", ("mt", "tv", "tz"),
        ("NATIONAL IRANIAN TANKER COMPANY",), ("linked",))
    assert company.linked_to == ("ARTAVIL", "ISLAMIC REVOLUTIONARY GUARD CORPS (IRGC)-QODS FORCE")
    assert force.linked_to == ("NATIONAL IRANIAN TANKER COMPANY",)


def test_ftm_ownership_and_entities_that_are_no_targets(tmp_path):
    import json

    lines = [
        {"id": "v", "schema": "Vessel", "last_change": "2024-05-03T00:00:00",
         "properties": {"name": ["SEA ONE"], "imoNumber": ["9187629"]}},
        {"id": "c", "schema": "Company", "properties": {"name": ["ONE CO"]}},
        {"id": "p", "schema": "Person", "target": True, "properties": {"name": ["A B"]}},
        {"id": "o", "schema": "Ownership", "properties": {"owner": ["c"], "asset": ["v"]}},
        {"id": "d", "schema": "Directorship",
         "properties": {"director": ["p"], "organization": ["c"]}},
    ]
    path = tmp_path / "entities.ftm.json"
    path.write_text("\n".join(json.dumps(x) for x in lines), encoding="utf-8")
    [found] = read_lists([path])
    assert [(e.id, e.kind, e.linked_to, e.link_kinds) for e in found.entries] == [
        ("v", "vessel_ref", ("ONE CO",), ("owner",)), ("c", "party_ref", ("A B",), ("director",)),
        ("p", "person", (), ())]


def test_detected_formats(data):
    assert [detect_format(p) for p in (SDN, ALT, UN, UK_CSV, UK_ODS)] == [
        "ofac_sdn_csv", "ofac_alt_csv", "un_xml", "uk_csv", "uk_ods"]
    assert detect_format(data / "ofac_advanced_excerpt.xml") == "ofac_xml"


def test_date_option_overrides(data):
    [sdn] = read_lists([data / "ofac_advanced_excerpt.xml"], list_date="2024-06-01")
    assert sdn.version == "2024-06-01"


def test_a_list_date_must_be_iso():
    with pytest.raises(UsageError, match="the list date must be YYYY-MM-DD, got '03/05/2024'"):
        read_lists([SDN], list_date="03/05/2024")


def test_alt_without_its_sdn_is_a_usage_error():
    with pytest.raises(UsageError, match=r"load it together with its sdn\.csv"):
        read_lists([ALT])


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _first_lines(path: Path, count: int) -> str:
    return "".join(path.read_text(encoding="utf-8").splitlines(keepends=True)[:count])


@pytest.mark.parametrize("name,text,where,reason", [
    ("sdn.csv", None, "sdn.csv:3", "expected 12 fields, found 11"),
    ("sdn.csv", "36,\"AEROCARIBBEAN\",-0- ,\"CUBA\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \n"
     "x1,\"B\",-0- ,\"CUBA\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \n", "sdn.csv:2",
     "the entry number 'x1' is not a number"),
    ("un.xml", "<CONSOLIDATED_LIST>\n<ENTITIES>\n<ENTITY><DATAID>1</DATAID>\n</ENTITIES>\n",
     "un.xml:4", "malformed XML: mismatched tag"),
    ("un.xml", "<CONSOLIDATED_LIST>\n<ENTITIES>\n<ENTITY>\n<FIRST_NAME>X</FIRST_NAME>\n"
     "</ENTITY></ENTITIES></CONSOLIDATED_LIST>\n", "un.xml:3", "<ENTITY> has no <DATAID>"),
    ("uk.csv", "Unique ID,Name,Type\nRUS1,X,Ship\n", "uk.csv:1", "missing column 'Regime Name'"),
    ("uk.csv", "Unique ID,Name,Regime Name,Type\nRUS1,X,Russia,\n", "uk.csv:2", "empty 'Type'"),
    ("os.json", '{"id": "a", "schema": "Vessel", "properties": {}}\n{"id": "b", "schema"\n',
     "os.json:2", "not JSON"),
    ("os.json", '{"schema": "Vessel", "properties": {}}\n', "os.json:1",
     "an entity needs an id and a schema"),
    ("ofac.xml", '<Sanctions>\n<DistinctParties>\n<DistinctParty FixedRef="1">\n'
     "</DistinctParty></DistinctParties></Sanctions>\n", "ofac.xml:3",
     "<DistinctParty> without a <Profile ID=...> and <Identity>"),
    ("list.csv", "name;imo\nX;1\n", "list.csv:1", "unknown list format"),
])
def test_malformed_files_name_file_and_line(tmp_path, name, text, where, reason):
    if text is None:
        lines = _first_lines(SDN, 3).splitlines(keepends=True)
        text = "".join(lines[:2]) + lines[2].rsplit(",", 1)[0] + "\n"
    path = _write(tmp_path, name, text)
    with pytest.raises(ScreeningError) as caught:
        read_lists([path])
    message = str(caught.value)
    assert message.startswith(f"{tmp_path}/{where}: {reason}"), message


def test_a_broken_ods_is_rejected(tmp_path):
    path = _write(tmp_path, "list.ods", "not a zip")
    with pytest.raises(ScreeningError, match=r"list\.ods: not an OpenDocument spreadsheet"):
        read_lists([path])


def test_ftm_vessel_with_its_sanction_and_owner(tmp_path):
    """A Vessel in OpenSanctions' shape: IMO, programme and owner of ANGARA, the rest made up.
    The owner has no sanction of its own in this file: a party the data names, not listed."""
    lines = [
        '{"id": "ofac-37059", "schema": "Vessel", "caption": "ANGARA", "properties": {'
        '"name": ["ANGARA"], "previousName": ["ANGARA 1"], "weakAlias": ["ANG"], '
        '"imoNumber": ["IMO9179842"], "mmsi": ["273000000"], "callSign": ["UBAA1"], '
        '"flag": ["ru"], "owner": ["ofac-37065"]}, "last_change": "2024-05-03T10:00:00"}',
        '{"id": "ofac-37065", "schema": "Company", "caption": "M LEASING LLC", '
        '"properties": {"name": ["M LEASING LLC"]}, "last_change": "2023-01-02T00:00:00"}',
        '{"id": "ofac-s-1", "schema": "Sanction", "properties": {"entity": ["ofac-37059"], '
        '"programId": ["RUSSIA-EO14024"], "listingDate": ["2023-05-19"]}}',
        '{"id": "addr-1", "schema": "Address", "properties": {"full": ["Moscow"]}}',
    ]
    path = tmp_path / "entities.ftm.json"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    [sanctions_list] = read_lists([path])
    vessel, owner = sanctions_list.entries
    assert sanctions_list.version == "2024-05-03"
    assert (vessel.kind, vessel.names, vessel.name_kinds) == (
        "vessel", ("ANGARA", "ANGARA 1"), ("primary", "fka"))
    assert (vessel.imo, vessel.mmsi, vessel.callsign, vessel.flag) == (
        9179842, 273000000, "UBAA1", "ru")
    assert (vessel.programs, vessel.listed_on, vessel.linked_to) == (
        ("RUSSIA-EO14024",), "2023-05-19", ("M LEASING LLC",))
    assert (owner.id, owner.kind) == ("ofac-37065", "party_ref")


def test_ofac_xml_dates_and_country_references(tmp_path):
    """A profile with an entry event date and a flag given by reference, in OFAC's shape."""
    path = _write(tmp_path, "sdn_advanced.xml", """<?xml version="1.0"?>
<Sanctions>
  <DateOfIssue><Year>2024</Year><Month>5</Month><Day>3</Day></DateOfIssue>
  <ReferenceValueSets>
    <AliasTypeValues><AliasType ID="1403">Name</AliasType></AliasTypeValues>
    <DetailReferenceValues><DetailReference ID="91">Russia</DetailReference></DetailReferenceValues>
    <FeatureTypeValues><FeatureType ID="3">Vessel Flag</FeatureType></FeatureTypeValues>
    <PartySubTypeValues><PartySubType ID="1">Vessel</PartySubType></PartySubTypeValues>
  </ReferenceValueSets>
  <DistinctParties><DistinctParty FixedRef="9"><Profile ID="9" PartySubTypeID="1">
    <Identity ID="9"><Alias AliasTypeID="1403" Primary="true"><DocumentedName>
      <DocumentedNamePart><NamePartValue>ANGARA</NamePartValue></DocumentedNamePart>
    </DocumentedName></Alias></Identity>
    <Feature FeatureTypeID="3"><FeatureVersion>
      <VersionDetail DetailTypeID="1433" DetailReferenceID="91"/></FeatureVersion></Feature>
  </Profile></DistinctParty></DistinctParties>
  <SanctionsEntries><SanctionsEntry ProfileID="9">
    <EntryEvent><Date><Year>2023</Year><Month>2</Month><Day>24</Day></Date></EntryEvent>
    <EntryEvent><Date><Year>2024</Year><Month>1</Month><Day>5</Day></Date></EntryEvent>
  </SanctionsEntry></SanctionsEntries>
</Sanctions>
""")
    [sdn] = read_lists([path])
    [entry] = sdn.entries
    assert (entry.flag, entry.listed_on, sdn.version) == ("Russia", "2023-02-24", "2024-05-03")


def test_an_ods_names_the_sheet_row(tmp_path):
    import zipfile

    def cell(text):
        return f"<table:table-cell><text:p>{text}</text:p></table:table-cell>"

    rows = [["Unique ID", "Name", "Regime Name", "Type"], ["RUS1", "MAISHA", "Russia", "Ship"],
            ["RUS2", "SEAL", "Russia", ""]]
    body = "".join("<table:table-row>" + "".join(cell(c) for c in row) + "</table:table-row>"
                   for row in rows)
    content = ('<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:'
               'office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
               'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body>'
               f'<office:spreadsheet><table:table>{body}</table:table></office:spreadsheet>'
               "</office:body></office:document-content>")
    path = tmp_path / "uk.ods"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("content.xml", content)
    with pytest.raises(ScreeningError, match=r"uk\.ods:3: empty 'Type'"):
        read_lists([path])


def test_the_full_uk_list_carries_imo_numbers(data):
    [uk_list] = read_lists([data / "uk_sanctions_list_layout.csv"])
    assert (uk_list.list, uk_list.version, uk_list.format) == ("UK", "2025-08-11", "uk_full_csv")
    angara, lady, south, paek = uk_list.entries
    assert (angara.id, angara.kind, angara.imo, angara.flag, angara.vessel_type,
            angara.tonnage, angara.listed_on, angara.linked_to, angara.link_kinds) == (
        "RUS2183", "vessel", 9179842, "Russia", "Roll-on Roll-off", 8811, "2024-07-31",
        ("M LEASING LLC",), ("owner/operator",))
    assert (south.kind, south.names, south.name_kinds) == (
        "organization", ("SC South LLC", "SHIPPING COMPANY SOUTH"), ("primary", "aka"))
    assert (paek.imo, paek.flag, paek.programs) == (
        None, "Korea, North", ("Democratic People's Republic of Korea",))
    assert lady.imo == 9161003


def test_uk_ships_are_matched_by_imo(data):
    from darkfleet.screening import Identity, Screener

    screener = Screener(read_lists([data / "uk_sanctions_list_layout.csv"]))
    [listing] = [m for m in screener.screen(Identity(imo=9179842)) if m.basis != "link"]
    assert (listing.entry.id, listing.score, listing.basis) == ("RUS2183", 1.0, "identifier")
    other = screener.screen(Identity(name="ANGARA", imo=9876543, flag="RU"),
                            include_below=True)
    assert [(m.entry.id, m.score, m.above_threshold) for m in other] == [
        ("RUS2183", 0.5, False)]


def test_a_full_uk_list_cut_inside_a_row_is_refused(data, tmp_path):
    text = (data / "uk_sanctions_list_layout.csv").read_text(encoding="utf-8")
    path = tmp_path / "UK_Sanctions_List.csv"
    path.write_text(text[:text.index("Roll-on Roll-off,7260")], encoding="utf-8")
    with pytest.raises(ScreeningError, match=r"UK_Sanctions_List\.csv:4: expected 18 fields, "
                                             r"found 15"):
        read_lists([path])


def test_uk_ship_imo_numbers_join_the_uk_list(tmp_path):

    imo = sample_path("sanctions/uk_ship_imo_2026-04-29/uk_ship_imo_numbers.csv")
    assert detect_format(imo) == "uk_imo_csv"
    [uk] = read_lists([UK_CSV, imo])
    assert (uk.source, sum(1 for e in uk.vessels() if e.imo)) == (
        "FCDO_SL_2025-08-11.derived.csv + uk_ship_imo_numbers.csv", 460)
    chon = _by_id(uk, "DPR0096")
    assert (chon.imo, chon.names[:3], chon.name_kinds[:2]) == (
        8712362, ("Chon Myong 1", "CHIE MARU NO.6", "EASTERN LUCK"), ("primary", "aka"))
    with pytest.raises(UsageError, match="load it together with the UK list"):
        read_lists([imo])
    wrong = tmp_path / "imo.csv"
    wrong.write_text("Unique ID,Name,IMO number,Aliases\nRUS2183,LADY R,9179842,\n",
                     encoding="utf-8")
    with pytest.raises(ScreeningError, match=r"imo\.csv:2: RUS2183 is 'LADY R' here but "
                                             r"'ANGARA' on the list"):
        read_lists([UK_CSV, wrong])
    wrong.write_text("Unique ID,Name,IMO number,Aliases\nRUS2183,ANGARA,9179843,\n",
                     encoding="utf-8")
    with pytest.raises(ScreeningError, match=r"imo\.csv:2: not a valid IMO number"):
        read_lists([UK_CSV, wrong])
