"""`cityplatform parse_ads PATH`: JSON Lines with exactly the contract's keys."""

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

SEED = Path(__file__).parent / "data" / "seed_ads.txt"
ROOT = Path(__file__).resolve().parents[3]
KEYS = [
    "raw",
    "community",
    "district",
    "bedrooms",
    "living_rooms",
    "bathrooms",
    "building_type",
    "area_m2",
    "actual_area_m2",
    "price_yuan",
    "unit_price_yuan",
    "features",
    "errors",
]


def run(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    """The real console command in a fresh process, as staff run it."""
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "cityplatform.test_settings"}
    return subprocess.run(
        [sys.executable, "-m", "cityplatform.manage", "parse_ads", *args],
        cwd=ROOT,
        env=env,
        input=stdin,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
        check=False,
    )


def parse_lines(output: str) -> list[dict[str, object]]:
    return [json.loads(line) for line in output.splitlines()]


def test_seed_file_gives_one_json_object_per_ad() -> None:
    out = io.StringIO()
    call_command("parse_ads", str(SEED), stdout=out)
    ads = parse_lines(out.getvalue())
    assert len(ads) == 42
    assert all(list(ad) == KEYS for ad in ads)
    assert ads[19] == {
        "raw": "旺城天悦 复式公寓, 55m <sup>2</sup> 实际面积110m <sup>2</sup> , 71.8万",
        "community": "旺城天悦",
        "district": None,
        "bedrooms": None,
        "living_rooms": None,
        "bathrooms": None,
        "building_type": "公寓",
        "area_m2": 55,
        "actual_area_m2": 110,
        "price_yuan": 718000,
        "unit_price_yuan": 13055,
        "features": ["复式"],
        "errors": ["no_layout: no room layout found"],
    }


def test_output_keeps_chinese_readable() -> None:
    out = io.StringIO()
    call_command("parse_ads", str(SEED), stdout=out)
    assert "恒大名都" in out.getvalue()
    assert "\\u" not in out.getvalue()


def test_stdin_with_dash(monkeypatch: pytest.MonkeyPatch) -> None:
    text = "恒大名都 精装公寓, 37.8m <sup>2</sup> 成熟小区配套齐全, 30万\n"
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(text.encode("utf-8"))))
    out = io.StringIO()
    call_command("parse_ads", "-", stdout=out)
    assert parse_lines(out.getvalue()) == [
        {
            "raw": "恒大名都 精装公寓, 37.8m <sup>2</sup> 成熟小区配套齐全, 30万",
            "community": "恒大名都",
            "district": None,
            "bedrooms": None,
            "living_rooms": None,
            "bathrooms": None,
            "building_type": "公寓",
            "area_m2": 37.8,
            "actual_area_m2": None,
            "price_yuan": 300000,
            "unit_price_yuan": 7937,
            "features": ["精装", "成熟小区", "配套齐全"],
            "errors": ["no_layout: no room layout found"],
        }
    ]


def test_missing_file_is_a_command_error(tmp_path: Path) -> None:
    with pytest.raises(CommandError, match=r"Cannot read .*missing\.txt"):
        call_command("parse_ads", str(tmp_path / "missing.txt"), stdout=io.StringIO())


def test_text_that_is_not_utf8_is_a_command_error(tmp_path: Path) -> None:
    path = tmp_path / "gbk.txt"
    path.write_bytes("恒大名都 三室两厅, 121㎡, 95万".encode("gbk"))
    with pytest.raises(CommandError, match="not UTF-8"):
        call_command("parse_ads", str(path), stdout=io.StringIO())


def test_byte_order_mark_is_no_part_of_the_first_ad(tmp_path: Path) -> None:
    path = tmp_path / "bom.txt"
    path.write_bytes("恒大名都 三室两厅, 121㎡, 95万".encode("utf-8-sig"))
    out = io.StringIO()
    call_command("parse_ads", str(path), stdout=out)
    assert parse_lines(out.getvalue())[0]["community"] == "恒大名都"


def test_console_command_exits_0_with_bad_ads_and_reads_stdin() -> None:
    text = "恒大名都 三室两厅, 121㎡, 95万\t不是广告\n\n青龙湾 独栋别墅, 面议\t三室两厅\n"
    result = run("-", stdin=text)
    assert result.returncode == 0, result.stderr
    ads = parse_lines(result.stdout)
    assert [ad["community"] for ad in ads] == ["恒大名都", "不是广告", "青龙湾", None]
    assert all(list(ad) == KEYS for ad in ads)
    assert ads[0]["errors"] == []
    assert "no_price: no price found" in ads[1]["errors"]
    assert "price_negotiable: price to be negotiated (面议)" in ads[2]["errors"]


def test_console_command_fails_on_a_missing_file(tmp_path: Path) -> None:
    result = run(str(tmp_path / "missing.txt"))
    assert result.returncode != 0
    assert "Cannot read" in result.stderr
    assert result.stdout == ""


def test_console_command_has_english_help() -> None:
    result = run("--help")
    assert result.returncode == 0
    assert "JSON object per ad" in result.stdout
