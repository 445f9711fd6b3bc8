"""Build of the compiled fast path of ingest; everything else is in pyproject.toml.

The extension is optional: where it cannot be built (no C compiler), darkfleet decodes with its
NumPy fast path instead, with the same results.
"""

from setuptools import Extension, setup

setup(
    ext_modules=[
        Extension(
            "darkfleet.ingest._cdecode",
            ["src/darkfleet/ingest/_cdecode.c"],
            extra_compile_args=["-O2", "-Wall", "-Wextra"],
            optional=True,
        )
    ]
)
