"""Real-world oddities: payload lengths, line ends, trailing text, odd numbers, broken gzip."""

import gzip
import json
from dataclasses import replace

import numpy as np
import pytest
from click.testing import CliRunner
from nmea_build import sentence, type1, type19, type21

from darkfleet.cli import cli
from darkfleet.errors import DecodeError, InputError
from darkfleet.ingest import IngestSettings, decode_file, fastpath, ingest_files
from darkfleet.ingest.sentence import checksum
from darkfleet.store import POSITIONS, STATIC_REPORTS, Workspace

SETTINGS = IngestSettings(chunk_lines=1000)


def no_fast_path(lines, context_ts_ms=None):
    """The fast-path contract at its least: no line handled."""
    return fastpath.FastBatch(np.zeros(len(lines), dtype=bool), POSITIONS.empty_table(),
                              STATIC_REPORTS.empty_table(), np.array([len(x) for x in lines]))


def ingest_bytes(tmp_path, data, name="in.nmea"):
    path = tmp_path / name
    path.write_bytes(data)
    with Workspace.open(tmp_path / "ws", create=True) as ws:
        (report,) = ingest_files([path], ws, SETTINGS)
        tables = {t: ws.query(f"SELECT * FROM {{{t}}} ORDER BY line").to_pylist()
                  if ws.has_table(t) else [] for t in ("positions", "static_reports", "quarantine")}
    return report, tables


def test_type_19_with_a_short_tail_decodes_what_it_holds(tmp_path):
    lines = [sentence(type19()[:n], tag=b"\\c:%d*00\\" % (1700000000 + n))
             for n in (272, 280, 312)]
    assert not fastpath.decode_lines(lines[:2]).handled.any()  # left to the scalar path
    report, tables = ingest_bytes(tmp_path, b"\n".join(lines) + b"\n")
    assert (report.messages, report.quarantined, report.in_both_tables) == (3, 0, 3)
    assert [round(row["speed_kn"], 3) for row in tables["positions"]] == [5.2, 5.2, 5.2]
    statics = [(r["shipname"], r["ship_type"], r["to_bow_m"], r["to_starboard_m"])
               for r in tables["static_reports"]]
    assert statics == [("TEST SHIP", 37, None, None), ("TEST SHIP", 37, 10, None),
                       ("TEST SHIP", 37, 10, 3)]
    decoded = [m.to_json() for m in decode_file(tmp_path / "in.nmea", SETTINGS)]
    assert [(d["to_bow_m"], d["shipname"]) for d in decoded] == [
        (None, "TEST SHIP"), (10, "TEST SHIP"), (10, "TEST SHIP")]


def test_type_21_of_240_bits_decodes_its_position_and_name(tmp_path):
    report, tables = ingest_bytes(tmp_path, sentence(type21()[:240]) + b"\n")
    assert report.quarantined == 0
    (row,) = tables["positions"]
    assert (row["kind"], row["lat"], row["lon"]) == ("aid_to_navigation", 54.5, 10.25)
    (message,) = decode_file(tmp_path / "in.nmea", SETTINGS)
    assert (message.shipname, message.to_bow_m, message.to_stern_m, message.to_port_m) == (
        "BUOY NORTH", 1, 2, None)


def test_payloads_outside_the_standard_lengths_are_quarantined(tmp_path):
    short = sentence(type1()[:120])
    long_ones = sentence(type1() + "1" + "0" * 5)
    padded = sentence(type1() + "0" * 6)
    report, tables = ingest_bytes(tmp_path, b"\n".join([short, long_ones, padded]) + b"\n")
    assert report.quarantined_by_reason == {"bad_payload_length": 2}
    assert [row["line"] for row in tables["quarantine"]] == [1, 2]
    assert [row["line"] for row in tables["positions"]] == [3]


def test_a_lone_cr_ends_a_line(tmp_path):
    one, two, three = (sentence(type1(mmsi=m), tag=b"\\c:1700000000*00\\")
                       for m in (257000001, 257000002, 257000003))
    data = one + b"\r" + two + b"\r\n" + b"\r" + three
    report, tables = ingest_bytes(tmp_path, data)
    assert (report.lines, report.messages, report.ignored_by_reason) == (4, 3, {"blank": 1})
    assert [(r["mmsi"], r["line"]) for r in tables["positions"]] == [
        (257000001, 1), (257000002, 2), (257000003, 4)]


@pytest.mark.parametrize("block", [1, 7, 65536])
def test_line_ends_split_anywhere_read_alike(tmp_path, block):
    from darkfleet.ingest import reader

    data = b"a\r\nb\rc\n\n\rd" * 3 + b"e" * 150 + b"\r\nf"
    path = tmp_path / "ends.txt"
    path.write_bytes(data)
    splitter = reader._Splitter(100)
    lines = []
    for start in range(0, len(data), block):
        lines += splitter.feed(data[start : start + block])
    lines += splitter.finish()
    assert lines == [b"a", b"b", b"c", b"", b"", b"da", b"b", b"c", b"", b"", b"da", b"b",
                     b"c", b"", b"", b"d" + b"e" * 100, b"f"]


def test_text_after_the_checksum_is_quarantined(tmp_path):
    good = sentence(type1())
    lines = [good + b" hello", good + b",r003669946,1700000000", good + b" 1700000000123",
             good + b"\tx"]
    report, tables = ingest_bytes(tmp_path, b"\n".join(lines) + b"\n")
    assert report.quarantined_by_reason == {"trailing_text": 2}
    assert [r["line"] for r in tables["quarantine"]] == [1, 4]
    assert [r["ts"].year for r in tables["positions"]] == [2023, 2023]
    with pytest.raises(DecodeError, match="trailing_text"):
        list(decode_file(tmp_path / "in.nmea", SETTINGS, strict=True))


def pghp(*fields):
    body = b"PGHP,1," + b",".join(b"%d" % f for f in fields) + b",231,45,992190934,1,2B"
    return b"$" + body + b"*%02X" % checksum(body)


@pytest.mark.parametrize("fields", [(10**30, 6, 11, 11, 46, 11, 390),
                                    (2010, 6, 11, 11, 46, 11, -5),
                                    (-2010, 6, 11, 11, 46, 11, 0),
                                    (2010, 6, 11, 11, 46, 11, 10**20)])
def test_impossible_gatehouse_times_are_quarantined(tmp_path, fields):
    data = pghp(*fields) + b"\n" + sentence(type1()) + b"\n"
    report, _ = ingest_bytes(tmp_path, data)
    assert report.quarantined_by_reason == {"bad_timestamp": 1}
    (message,) = decode_file(tmp_path / "in.nmea", SETTINGS)
    assert message.ts_ms is None


@pytest.mark.parametrize("tag", [b"\\sz1,c:1700000000*00\\", b"\\c:1700000000,,s:x*00\\",
                                 b"\\c:1700000000,:x*00\\", b"\\*00\\",
                                 b"\\c:-1700000000*00\\", b"\\c:99999999999999999999*00\\"])
def test_malformed_tag_blocks_are_rejected_by_ingest_and_decode(tmp_path, tag):
    line = sentence(type1(), tag=tag)
    assert not fastpath.decode_lines([line]).handled.any()
    report, _ = ingest_bytes(tmp_path, line + b"\n")
    assert report.quarantined_by_reason == {"bad_tag_block": 1}
    assert list(decode_file(tmp_path / "in.nmea", SETTINGS)) == []


def test_a_truncated_gzip_keeps_its_readable_part(tmp_path):
    lines = [sentence(type1(mmsi=257000000 + n), tag=b"\\c:%d*00\\" % (1700000000 + n))
             for n in range(3000)]
    data = gzip.compress(b"\n".join(lines) + b"\n")
    cut = data[: len(data) * 2 // 3]
    report, tables = ingest_bytes(tmp_path, cut, "cut.nmea.gz")
    assert report.read_error == (f"cannot read past byte {len(cut)}: "
                                 "the gzip stream is truncated")
    assert 1000 < report.positions < 3000
    assert report.lines == report.sentences + report.quarantined + report.ignored
    assert [r["mmsi"] for r in tables["positions"]][:2] == [257000000, 257000001]
    result = CliRunner().invoke(cli, ["ingest", str(tmp_path / "cut.nmea.gz"), "-w",
                                      str(tmp_path / "ws2"), "--format", "json"])
    assert result.exit_code == 1
    assert json.loads(result.stdout)["read_error"] == report.read_error
    assert result.stderr.strip().endswith(f"cut.nmea.gz: {report.read_error}")
    with pytest.raises(InputError, match=f"past byte {len(cut)}"):
        list(decode_file(tmp_path / "cut.nmea.gz", SETTINGS))


def test_concatenated_gzip_members_and_zero_padding_are_read(tmp_path):
    one, two = sentence(type1(mmsi=257000001)), sentence(type1(mmsi=257000002))
    data = gzip.compress(one + b"\n") + gzip.compress(two + b"\n") + bytes(64)
    report, _ = ingest_bytes(tmp_path, data, "two.gz")
    assert (report.messages, report.read_error) == (2, None)


def test_the_same_messages_in_other_bytes_add_no_rows(package_data, tmp_path):
    original = (package_data / "ais" / "kystverket-aisnet" / "Ais1000Lines.nm4").read_bytes()
    other = (package_data / "ais" / "amsa-risky" / "nmea-timestamped.txt").read_bytes()
    variants = {"a.nm4": original, "b.nm4.gz": gzip.compress(original),
                "c.nm4": original.replace(b"\n", b"\r\n"), "d.nm4": original + b"\n",
                "e.nm4": other.rstrip(b"\n") + b"\n" + original}
    with Workspace.open(tmp_path / "ws", create=True) as ws:
        for name, data in variants.items():
            (tmp_path / name).write_bytes(data)
        reports = ingest_files([tmp_path / name for name in variants], ws, SETTINGS)
        total = ws.query("SELECT count(*) AS n FROM {positions}").to_pylist()[0]["n"]
    first, *again = reports
    assert first.positions + first.static_reports > 800
    assert [r.positions + r.static_reports for r in again[:3]] == [0, 0, 0]
    (tmp_path / "alone").mkdir()
    alone, _ = ingest_bytes(tmp_path / "alone", other)
    assert again[3].positions == alone.positions  # only the other recording's rows are new
    assert total == first.positions + alone.positions
    for report in reports:
        assert report.messages == (report.positions + report.static_reports + report.duplicates
                                   + report.header_only - report.in_both_tables)


def test_a_pair_beside_an_orphan_of_its_key_is_left_to_the_scalar_path(tmp_path):
    from darkfleet.ingest._fast_pairs import settle_pairs

    first = b"!BSVDM,2,1,5,B,53@o44@00003E1@R220Hr3;7>0hDpF0ti<Dr220W1@42240Ht00`88888888,0*4A"
    second = b"!BSVDM,2,2,5,B,88888888880,2*3B"
    other = [first.replace(b",5,B,", b",6,B,"), second.replace(b",5,B,", b",6,B,")]
    other = [sentence_with_checksum(line) for line in other]
    lines = [first, b"junk", first, second, *other]
    batch = fastpath.decode_lines(lines)
    assert batch.pair_seconds.tolist() == [3, 5]
    handled = batch.handled.copy()
    kept = settle_pairs(handled, batch.pair_seconds, batch.pair_keys, lines, [], 1000)
    assert (kept, handled.tolist()) == (1, [False, False, False, False, True, True])
    report, tables = ingest_bytes(tmp_path, b"\n".join(lines) + b"\n")
    assert report.quarantined_by_reason == {"orphan_fragment": 1, "unknown_format": 1}
    assert [(r["line"], r["shipname"]) for r in tables["static_reports"]] == [
        (3, "FN 213 LENE OLSEN"), (5, "FN 213 LENE OLSEN")]  # untimed: never duplicates


def test_only_the_first_pair_of_a_key_after_a_scalar_fragment_is_left_to_it(tmp_path):
    from darkfleet.ingest._fast_pairs import settle_pairs

    first = b"!BSVDM,2,1,5,B,53@o44@00003E1@R220Hr3;7>0hDpF0ti<Dr220W1@42240Ht00`88888888,0*4A"
    second = b"!BSVDM,2,2,5,B,88888888880,2*3B"
    stray = sentence_with_checksum(second.replace(b"2,2,5", b"3,2,5"))  # key 5B, scalar path
    lines = [first, second, stray, first, second, first, second, first]  # then a first alone
    batch = fastpath.decode_lines(lines)
    assert batch.pair_seconds.tolist() == [1, 4, 6]
    handled = batch.handled.copy()
    kept = settle_pairs(handled, batch.pair_seconds, batch.pair_keys, lines, [], 1000)
    assert (kept, handled.tolist()) == (2, [True, True, False, False, False, True, True, False])
    handled = batch.handled.copy()  # a fragment of the key pending from an earlier chunk
    assert settle_pairs(handled, batch.pair_seconds, batch.pair_keys, lines,
                        [(None, "5", "B")], 1000) == 1
    assert handled.tolist() == [False, False, False, False, False, True, True, False]
    data = b"\n".join(lines) + b"\n"
    (tmp_path / "mixed").mkdir()
    (tmp_path / "scalar").mkdir()
    report, tables = ingest_bytes(tmp_path / "mixed", data)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(fastpath, "decode_lines", no_fast_path)
        scalar, scalar_tables = ingest_bytes(tmp_path / "scalar", data)
    assert replace(scalar, path=report.path) == report
    for name, rows in tables.items():
        assert [dict(r, file=None) for r in scalar_tables[name]] == [dict(r, file=None)
                                                                     for r in rows]
    assert report.quarantined_by_reason == {"orphan_fragment": 2}
    assert [r["line"] for r in tables["static_reports"]] == [1, 4, 6]  # 1-based


def sentence_with_checksum(line):
    body = line[1 : line.rindex(b"*")]
    return b"!" + body + b"*%02X" % checksum(body)
