"""Coastlines: TopoJSON decoding, ring clipping, and the bundled Natural Earth land."""

from __future__ import annotations

import gc

from darkfleet.report.coastlines import BBox, clip_ring, decode_topojson, land_in


def _inside(point: tuple[float, float], ring) -> bool:
    """Even-odd ray casting."""
    x, y = point
    hit = False
    for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1], strict=True):
        if (y1 > y) != (y2 > y) and x < x1 + (y - y1) * (x2 - x1) / (y2 - y1):
            hit = not hit
    return hit


def test_decode_quantized_topojson() -> None:
    topology = {
        "type": "Topology",
        "transform": {"scale": [0.5, 0.25], "translate": [10, 20]},
        "arcs": [[[0, 0], [2, 0], [0, 4]], [[2, 4], [-2, 0], [0, -4]]],
        "objects": {"land": {"type": "GeometryCollection", "geometries": [
            {"type": "Polygon", "arcs": [[0, 1]]},
            {"type": "MultiPolygon", "arcs": [[[~1, ~0]]]}]}},
    }
    rings = list(decode_topojson(topology))
    assert rings[0] == ((10.0, 20.0), (11.0, 20.0), (11.0, 21.0), (10.0, 21.0), (10.0, 20.0))
    assert rings[1] == ((10.0, 20.0), (10.0, 21.0), (11.0, 21.0), (11.0, 20.0), (10.0, 20.0))


def test_clip_ring_to_a_box() -> None:
    square = ((0.0, 0.0), (4.0, 0.0), (4.0, 4.0), (0.0, 4.0))
    clipped = clip_ring(square, BBox(2, 1, 6, 3))
    assert len(clipped) == 4
    assert sorted(clipped) == [(2.0, 1.0), (2.0, 3.0), (4.0, 1.0), (4.0, 3.0)]
    assert clip_ring(square, BBox(5, 5, 6, 6)) == ()


def test_sea_of_japan_uses_the_detailed_extract_with_real_shapes() -> None:
    coast = land_in(BBox(129.5, 41.0, 134.0, 44.0))
    assert coast.dataset == "Natural Earth 1:10m land (Sea of Japan extract)"
    rings = [list(r) for r in coast.rings]
    vladivostok_hinterland, open_sea = (132.0, 43.6), (132.0, 41.5)
    assert any(_inside(vladivostok_hinterland, r) for r in rings)
    assert not any(_inside(open_sea, r) for r in rings)
    assert sum(len(r) for r in rings) > 500


def test_elsewhere_uses_the_world_dataset() -> None:
    coast = land_in(BBox(9.0, 54.0, 13.0, 58.0))  # Denmark
    assert coast.dataset == "Natural Earth 1:50m land"
    rings = [list(r) for r in coast.rings]
    assert any(_inside((9.5, 56.2), r) for r in rings)  # Jutland
    assert not any(_inside((11.5, 57.3), r) for r in rings)  # Kattegat


def test_the_land_of_a_box_is_clipped_once_and_remembered() -> None:
    box = BBox(129.5, 41.0, 134.0, 44.0)
    assert land_in(box) is land_in(BBox(129.5, 41.0, 134.0, 44.0))
    assert land_in(BBox(129.5, 41.0, 134.0, 44.5)) is not land_in(box)


def test_the_servers_warm_up_reads_both_datasets_and_freezes_what_is_loaded() -> None:
    from darkfleet.report import coastlines
    from darkfleet.serve.app import warm_up

    coastlines._world.cache_clear()
    coastlines._detail.cache_clear()
    try:
        warm_up()
        assert gc.get_freeze_count() > 10_000  # what was loaded, out of full collections
    finally:
        gc.unfreeze()
    assert coastlines._world.cache_info().currsize == coastlines._detail.cache_info().currsize == 1
    assert len(coastlines._world()) > 1000  # the world's land rings, decoded
