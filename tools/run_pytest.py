"""Run pytest, turning "no tests collected" (exit 5) into a loud failure instead of a silent pass or a bare 5."""

import sys

import pytest

NO_TESTS_COLLECTED = 5

if __name__ == "__main__":
    status = pytest.main(sys.argv[1:])
    if status == NO_TESTS_COLLECTED:
        print("run_pytest: pytest collected no tests; failing, because a suite that runs nothing proves nothing.")
        sys.exit(1)
    sys.exit(int(status))
