import pytest

from darkfleet.ingest.sentence import (
    GatehouseTime,
    Ignored,
    Rejected,
    Sentence,
    checksum,
    frame_line,
    parse_trailer,
)

PLAIN = b"!AIVDM,1,1,,B,13P;DhPP@M0RrVfOmDm=`9BJ00S;,0*13"


def with_checksum(body: str, start: str = "!") -> bytes:
    return f"{start}{body}*{checksum(body.encode()):02X}".encode()


def test_a_plain_sentence_gives_its_fields():
    line = with_checksum("AIVDM,1,1,,B,13P;DhPP@M0RrVfOmDm=`9BJ00S;,0")
    framed = frame_line(line)
    assert framed == Sentence(total=1, number=1, seq_id="", channel="B",
                              payload=b"13P;DhPP@M0RrVfOmDm=`9BJ00S;", fill_bits=0,
                              ts_ms=None, source=None, group=None)


def test_any_talker_and_vdo_are_ais():
    for talker in ("AB", "BS", "=I", "AI"):
        for kind in ("VDM", "VDO"):
            line = with_checksum(f"{talker}{kind},1,1,,A,13P;DhPP@M0RrVfOmDm=`9BJ00S;,0")
            assert isinstance(frame_line(line), Sentence)


def test_tag_block_time_source_and_group():
    line = (b"\\g:1-2-1604,s:rORBCOMM008,c:1418169601,T:2014-12-10 00.00.01*37\\"
            + with_checksum("AIVDM,2,1,6,A,53@o0E000001Q0CG37U8u<Tp4q@D0000000000001833,0"))
    framed = frame_line(line)
    assert isinstance(framed, Sentence)
    assert (framed.ts_ms, framed.source, framed.group) == (1418169601000, "rORBCOMM008", "1604")
    assert (framed.total, framed.number, framed.seq_id) == (2, 1, "6")


def test_tag_block_time_in_milliseconds():
    line = b"\\c:1418169601123*00\\" + with_checksum("AIVDM,1,1,,A,13P;Dh,0")
    assert frame_line(line).ts_ms == 1418169601123


def test_uscg_trailer_gives_time_and_station():
    trailer = b",d-109,S2105,t050056.00,T56.13718694,r003669946,1325394060,1325394001"
    assert parse_trailer(trailer) == (1325394001000, "r003669946")


def test_millisecond_epoch_after_the_checksum():
    assert parse_trailer(b" 1577836800123") == (1577836800123, None)
    assert parse_trailer(b"1577836800123") == (1577836800123, None)
    assert parse_trailer(b"junk") is None


def test_tag_block_time_wins_over_the_trailer():
    line = b"\\c:1000000000*00\\" + with_checksum("AIVDM,1,1,,A,13P;Dh,0") + b",r1,1325394001"
    framed = frame_line(line)
    assert (framed.ts_ms, framed.source) == (1_000_000_000_000, "r1")


def test_gatehouse_line_gives_a_time():
    line = b"$PGHP,1,2010,6,11,11,46,11,390,231,45,992190934,1,2B*5B"
    assert frame_line(line) == GatehouseTime(1276256771390)


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        (b"", Ignored("blank")),
        (b"   ", Ignored("blank")),
        (b"# a comment", Ignored("comment")),
        (b"$GPGGA,114701.00,3255.0,S,15147.0,E,2,09,0.9,20.0,M,,,,*1F", Ignored("not_ais")),
        (b"$BSALR,,006,V,V,general failure*62", Ignored("not_ais")),
        (b"$PSHI,001,01.53524524,,01691,32611,114701.28,2,0057,-079*3B", Ignored("proprietary")),
        (b"!AIPWR,UNIT=0,POWER=1*05", Ignored("not_ais")),
        (b"hello", Rejected("unknown_format")),
        (b"$81130.00,038,A,V,DGNSS input failed*53", Rejected("unknown_format")),
        (b"!AIVDM,1,1,,B,13P;DhPP@M0RrVf", Rejected("truncated")),
        (b"!AIVDM,1,1,,B,13P;DhPP@M0RrVfOmDm=`9BJ00S;,0*14", Rejected("bad_checksum")),
        (b"!AIVDM,1,1,,B,13P;DhPP@M0RrVfOmDm=`9BJ00S;,0*ZZ", Rejected("bad_checksum")),
        (b"\xff\xfe!AIVDM", Rejected("invalid_utf8")),
        (b"\\c:12345678901234567890*00\\!AIVDM,1,1,,A,1,0*00", Rejected("bad_tag_block")),
        (b"\\c:1418169601*00!AIVDM,1,1,,A,1,0*00", Rejected("bad_tag_block")),
        (b"\\c:1418169601*00\\", Rejected("truncated")),
        (with_checksum("AIVDM,1,1,,B,13P;Dh,7"), Rejected("bad_fill_bits")),
        (with_checksum("AIVDM,1,1,,B,13P;Dh,x"), Rejected("bad_fill_bits")),
        (with_checksum("AIVDM,1,1,,B,13P~Dh,0"), Rejected("bad_payload")),
        (with_checksum("AIVDM,1,1,,B,,0"), Rejected("bad_payload")),
        (with_checksum("AIVDM,1,1,,B,13P;Dh"), Rejected("bad_fields")),
        (with_checksum("AIVDM,1,2,,B,13P;Dh,0"), Rejected("bad_fields")),
        (with_checksum("AIVDM,1,1,x,B,13P;Dh,0"), Rejected("bad_fields")),
    ],
)
def test_classification(line, expected):
    assert frame_line(line) == expected
