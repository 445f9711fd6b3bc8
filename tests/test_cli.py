from click.testing import CliRunner

from darkfleet.cli import cli


def test_unknown_command_is_a_usage_error():
    result = CliRunner().invoke(cli, ["no-such-command"])
    assert result.exit_code == 2
    assert "No such command" in result.output


def test_bad_config_file_is_one_line_error(tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text("[detect]\nno_such_threshold = 3\n")
    result = CliRunner().invoke(cli, ["--config", str(bad), "demo", "--help"])
    assert result.exit_code == 1
    assert f"{bad}: unknown setting detect.no_such_threshold" in result.output
    assert "Traceback" not in result.output


def test_version():
    result = CliRunner().invoke(cli, ["--version"])
    assert result.exit_code == 0 and "0.1.0" in result.output
