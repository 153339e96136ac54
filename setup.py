"""Build glue that pyproject.toml cannot say: the wheel carries the contract files that live outside the packages.

akeneo_contract.CHECKOUT_PATHS names them; each is copied into the akeneo_contract package of the build, where the
installed package finds it. Editable installs read the checkout itself and copy nothing.
"""

from __future__ import annotations

import sys
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT))  # the build backend does not put the project on the path
from akeneo_contract import CHECKOUT_PATHS  # noqa: E402 - needs the path above


class BuildWithContractFiles(build_py):
    def run(self) -> None:
        super().run()
        if self.editable_mode:
            return
        for name, source in CHECKOUT_PATHS.items():
            self.copy_file(str(ROOT / source), str(Path(self.build_lib, "akeneo_contract", name)))


setup(cmdclass={"build_py": BuildWithContractFiles})
