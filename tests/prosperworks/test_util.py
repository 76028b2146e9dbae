"""prospyr's ``util`` helpers and the emulator as the CLI builds it."""

from __future__ import annotations

import pytest

from crmkit.prosperworks.util import import_dotted_path, seconds, to_camel, to_kebab, to_snake


@pytest.mark.parametrize(
    ("camel", "snake", "kebab"),
    [
        ("PipelineStage", "pipeline_stage", "pipeline-stage"),
        ("Person", "person", "person"),
        ("HTTPError", "http_error", "http-error"),
    ],
)
def test_case_conversions(camel: str, snake: str, kebab: str) -> None:
    assert to_snake(camel) == snake
    assert to_kebab(camel) == kebab
    assert to_camel(snake) == camel.replace("HTTP", "Http")


def test_seconds_adds_up_units() -> None:
    assert seconds(minutes=5) == 300
    assert seconds(days=1, hours=1, seconds=1) == 90001


def test_import_dotted_path() -> None:
    assert import_dotted_path("crmkit.prosperworks.util.to_snake") is to_snake
    with pytest.raises(ImportError):
        import_dotted_path("crmkit.prosperworks.util.nothing_here")
    with pytest.raises(ImportError):
        import_dotted_path("nodots")


def test_the_cli_builds_the_demo_profile_from_records() -> None:
    from crmkit.cli._emulator import build_emulator

    emu = build_emulator("prosperworks", records=250, rate_limit="off")
    assert emu.profile == "demo" and len(emu.people) == 250
    assert emu.people.get(1)["name"] == "Steve Cognito"
    assert emu.limiter is None
    empty = build_emulator("prosperworks")
    assert empty.profile == "empty" and len(empty.people) == 0
    assert empty.limiter is not None and empty.limiter.limit == 180
