"""The Linux launcher entry and AppStream metainfo agree with each other and with the app; the official validators
run where they are installed (desktop-file-utils, appstream), and are skipped elsewhere."""

from __future__ import annotations

import configparser
import os
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from desktop_app import APP_DISPLAY_NAME, __version__

ROOT = Path(__file__).resolve().parents[2]
LINUX = ROOT / "packaging" / "linux"
APP_ID = "io.github.desktop_app.DesktopApp"
DESKTOP = LINUX / f"{APP_ID}.desktop"
METAINFO = LINUX / f"{APP_ID}.metainfo.xml"


def desktop_entry() -> configparser.SectionProxy:
    parser = configparser.ConfigParser(interpolation=None, strict=True)
    parser.optionxform = str  # keys are case-sensitive
    parser.read(DESKTOP, encoding="utf-8")
    return parser["Desktop Entry"]


def test_desktop_entry_matches_the_app():
    entry = desktop_entry()
    assert entry["Type"] == "Application" and entry["Name"] == APP_DISPLAY_NAME
    assert entry["Exec"].split()[0] == "desktop-app"  # the console script in pyproject, and the bundle's name
    assert entry["Icon"] == APP_ID and entry["Terminal"] == "false"
    assert (ROOT / "resources" / "icons" / "app.svg").is_file()  # install.sh installs it as the APP_ID icon


def test_metainfo_matches_the_desktop_entry():
    root = ET.parse(METAINFO).getroot()
    assert root.get("type") == "desktop-application"
    assert root.findtext("id") == APP_ID
    assert root.find("launchable").text == DESKTOP.name
    assert root.findtext("name") == APP_DISPLAY_NAME
    assert root.find("icon").text == APP_ID
    assert root.find("releases/release").get("version") == __version__


def test_app_sets_the_desktop_file_name():
    """Wayland compositors find the window's icon through the desktop file name the app announces."""
    assert f'setDesktopFileName("{APP_ID}")' in (ROOT / "desktop_app" / "app.py").read_text(encoding="utf-8")


@pytest.mark.skipif(shutil.which("desktop-file-validate") is None, reason="desktop-file-utils is not installed")
def test_desktop_file_validates():
    r = subprocess.run(["desktop-file-validate", str(DESKTOP)], capture_output=True, text=True)
    assert r.returncode == 0 and "error" not in r.stdout.lower(), r.stdout + r.stderr


@pytest.mark.skipif(shutil.which("appstreamcli") is None, reason="appstream is not installed")
def test_metainfo_validates():
    r = subprocess.run(["appstreamcli", "validate", "--no-net", str(METAINFO)], capture_output=True, text=True)
    assert r.returncode == 0, r.stdout + r.stderr


def test_install_script_puts_the_files_in_place(tmp_path):
    bundle = tmp_path / "bundle"
    bundle.mkdir()
    exe = bundle / "desktop-app"
    exe.write_text("#!/bin/sh\n")
    exe.chmod(0o755)
    env = dict(os.environ, PREFIX=str(tmp_path / "prefix"))
    r = subprocess.run(["sh", str(LINUX / "install.sh"), str(bundle)], capture_output=True, text=True, env=env)
    assert r.returncode == 0, r.stderr
    share = tmp_path / "prefix" / "share"
    installed = (share / "applications" / DESKTOP.name).read_text(encoding="utf-8")
    assert f'Exec="{exe}"' in installed and f"TryExec={exe}" in installed
    assert (share / "metainfo" / METAINFO.name).is_file()
    assert (share / "icons" / "hicolor" / "scalable" / "apps" / f"{APP_ID}.svg").is_file()
