"""Where the files that the mock and the conformance suite both read at run time are, installed or in a checkout.

A checkout keeps them where the project's tools write and lint them (openapi/, the repository root); a wheel cannot
carry files outside its packages, so setup.py copies each one into this package when it builds. Every reader asks
here: a packaged copy wins, else the checkout's file. Standard library only: setup.py imports this module too.
"""

from __future__ import annotations

from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
CHECKOUT_DIR = PACKAGE_DIR.parent

# file name in this package -> where a checkout keeps it (relative to the repository root)
CHECKOUT_PATHS = {
    "akeneo-asset-manager.yaml": "openapi/akeneo-asset-manager.yaml",  # written by openapi/bundle.py
    "mock-control.yaml": "openapi/mock-control.yaml",
    "schemathesis.toml": "schemathesis.toml",  # shared with tests/schemathesis
}


def locate(name: str) -> Path:
    """The file called `name`: the copy an installed wheel holds, else the checkout's."""
    packaged = PACKAGE_DIR / name
    return packaged if packaged.is_file() else CHECKOUT_DIR / CHECKOUT_PATHS[name]


VENDOR_CONTRACT = locate("akeneo-asset-manager.yaml")
CONTROL_CONTRACT = locate("mock-control.yaml")
SCHEMATHESIS_SETTINGS = locate("schemathesis.toml")
