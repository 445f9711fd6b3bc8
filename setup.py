"""Build of the compiled parts of ingest (fast path, row hashes, duplicate window); everything else is in pyproject.toml.

The extension is optional: where it cannot be built (no C compiler), darkfleet decodes with its
NumPy fast path instead, with the same results.
"""

from setuptools import Extension, setup

setup(
    ext_modules=[
        Extension(
            "darkfleet.ingest._cdecode",
            ["src/darkfleet/ingest/_cdecode.c"],
            extra_compile_args=["-O3", "-Wall", "-Wextra"],
            optional=True,
        ),
        Extension(
            "darkfleet.ingest._crows",
            ["src/darkfleet/ingest/_crows.c"],
            extra_compile_args=["-O3", "-Wall", "-Wextra"],
            optional=True,
        ),
    ]
)
