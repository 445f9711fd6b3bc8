"""The public API of the estimation and evidence stages: complete, and cheap to import."""

import subprocess
import sys

import pytest

import darkfleet.estimation
import darkfleet.evidence


@pytest.mark.parametrize("package", [darkfleet.estimation, darkfleet.evidence])
def test_every_public_name_resolves(package):
    for name in package.__all__:
        assert getattr(package, name) is not None, name
    with pytest.raises(AttributeError):
        package.no_such_name  # noqa: B018


def test_importing_darkfleet_does_not_load_the_estimation_machinery():
    loaded = ("print(sorted(m for m in sys.modules if m.startswith("
              "('darkfleet.estimation.', 'darkfleet.evidence.'))))")
    code = f"import sys, darkfleet; {loaded}; darkfleet.Config; {loaded}"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=True)
    # nothing until the configuration is asked for; then its settings only
    assert result.stdout.split("\n")[:2] == ["[]", "['darkfleet.estimation.settings']"]
